"""Alembic, driven from code: the migrations ship inside the package as `tracker.migrations`."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("tracker.migrations")))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the store; running it again on an up-to-date store changes nothing."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def differences(engine: Engine) -> list[Any]:
    """What autogenerate would change: empty when the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata

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
    if current != head_revision(engine):
        state = "is empty" if current is None else f"is at revision {current}"
        raise StoreError(
            f"the store at {safe_url(str(engine.url))} {state}: run `tracker db upgrade` first"
        )
