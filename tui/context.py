"""What every screen shares: the store, the settings, the officer, the clock and the scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from tracker.clock import today as local_today
from tracker.config import Settings
from tui.strings import TEXT


@dataclass
class TuiContext:
    sessions: sessionmaker[Session]
    settings: Settings
    officer: str
    scope: str  # the code of the unit the screens show
    language: str = "vi"
    today: Callable[[], date] = field(default=local_today)

    def t(self, key: str, **values: object) -> str:
        return TEXT(self.language, key, **values)
