"""What every command shares: the settings and, built only when needed, the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

    from tracker.config import Settings


@dataclass
class AppContext:
    db_url: str | None = None
    config_file: Path | None = None
    _checked: bool = field(default=False, repr=False)

    def __repr__(self) -> str:
        # `--db` may hold the PostgreSQL password, and crash reports print reprs.
        from tracker.redaction import mask_url

        url = None if self.db_url is None else mask_url(self.db_url)
        return f"AppContext(db_url={url!r}, config_file={self.config_file!r})"

    @cached_property
    def settings(self) -> Settings:
        from tracker.config import load_settings

        return load_settings(db_url=self.db_url, config_file=self.config_file)

    @property
    def language(self) -> str:
        """The configured language if the settings were read; vi before (or if they failed).
        Never reads them itself: it names the language of an error, maybe a settings one."""
        settings: Settings | None = self.__dict__.get("settings")  # cached_property's slot
        return settings.language if settings is not None else "vi"

    @cached_property
    def engine(self) -> Engine:
        from tracker.store.engine import make_engine

        return make_engine(self.settings.db_url)

    def close(self) -> None:
        """Close the store's pooled connections when the command ends, if it opened any:
        a process that goes on (a server, the tests) must not keep them until collected."""
        engine: Engine | None = self.__dict__.get("engine")  # cached_property's slot
        if engine is not None:
            engine.dispose()

    def sessions(self) -> sessionmaker[Session]:
        """Sessions on a store that is up to date; otherwise a one-line reason to upgrade."""
        from tracker.store.engine import session_factory

        self._check()
        return session_factory(self.engine)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only connection on a store that is up to date, for the reads that need no
        ORM (its import and mapping cost a leaderboard more than its query, issue 18)."""
        from tracker.store.engine import reading

        self._check()
        with reading(self.engine) as connection:
            yield connection

    def _check(self) -> None:
        from tracker.heap import resume_collection
        from tracker.store.migrate import require_current

        if not self._checked:
            require_current(self.engine)
            self._checked = True
            resume_collection()  # the modules are loaded: long commands need the collector


pass_app = click.make_pass_decorator(AppContext)
