"""What every screen shares: the store, the settings, the officer, the clock and the scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from tracker.clock import today as local_today
from tracker.config import Settings
from tracker.officers.acting import Account
from tui.strings import TEXT


@dataclass
class TuiContext:
    sessions: sessionmaker[Session]
    settings: Settings
    officer: str
    scope: str  # the code of the unit the screens show
    language: str = "vi"
    today: Callable[[], date] = field(default=local_today)
    # The officer's account, once the store has accounts: the header names it, and the
    # scope picker offers only the subtree of its unit (`home`, a unit code).
    account: Account | None = None
    # A viewer's account, or a login without one on a store with accounts: the screens
    # do not offer what would write (footer, palette, `?`); the services refuse it anyway.
    read_only: bool = False

    @property
    def home(self) -> str | None:
        return None if self.account is None else self.account.scope_code

    def who(self) -> str:
        """Who is working, as the header shows it."""
        if self.account is None:
            return self.officer
        role = self.t(f"role.{self.account.role}")
        return f"{self.account.name} ({self.account.login}) · {role} · {self.account.scope_code}"

    def t(self, key: str, **values: object) -> str:
        return TEXT(self.language, key, **values)
