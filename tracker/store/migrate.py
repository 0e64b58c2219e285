"""Alembic, driven from code: the migrations ship inside the package as `tracker.migrations`.

Every command checks that the store is at the head revision before it works. That check
must not cost a read command Alembic's runtime (with Mako, 0.19 s of a leaderboard's
start, issue 18): the head is read from the migration files' own `revision` and
`down_revision` lines, and the store's revision from its `alembic_version` row. Alembic
loads only to migrate or to compare.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]*)?\s*=\s*(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("tracker.migrations")))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the store; running it again on an up-to-date store changes nothing."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The store's revision (its `alembic_version` row); None for an empty store."""
    with engine.connect() as connection:
        try:
            found = connection.scalar(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:  # no such table: nothing was ever migrated
            return None
        return None if found is None else str(found)


def head_revision(engine: Engine | None = None) -> str | None:
    """The newest migration shipped; the same answer Alembic's script directory gives
    when there is one head (several print joined, and never match a store)."""
    heads = script_heads()
    return ",".join(sorted(heads)) if heads else None


@lru_cache(maxsize=1)
def script_heads() -> frozenset[str]:
    """The revisions no other migration revises, read from the files' text."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for entry in (resources.files("tracker.migrations") / "versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        source = entry.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found[1])
        down = _DOWN.search(source)
        if down is not None:
            revised.update(_QUOTED.findall(down[1]))
    return frozenset(revisions - revised)


def differences(engine: Engine) -> list[Any]:
    """What autogenerate would change: empty when the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from tracker.store.models import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, Base.metadata))


def require_current(engine: Engine) -> None:
    """Refuse to work on a store that `tracker db upgrade` has not brought to the head revision."""
    from tracker.store.engine import StoreError, safe_url

    current = current_revision(engine)
    if current is None or current not in script_heads() or len(script_heads()) != 1:
        state = "is empty" if current is None else f"is at revision {current}"
        raise StoreError(
            f"the store at {safe_url(str(engine.url))} {state}: run `tracker db upgrade` first"
        )
