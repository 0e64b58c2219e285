"""Which account a change is made as: the operating-system login's, checked against
`--officer` (or the config's `officer`).

A store with no accounts is open, as before accounts existed: anyone writes, under the
name given or `cli (<login>)`. Once one account exists, the login's own account acts; a
login without one may read but not write (`authorize` refuses it), and another name is
only for an admin (scripts run by an admin may sign their changes `sync-bot`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from tracker.officers import identity
from tracker.officers.errors import NotAllowed
from tracker.store.models import Officer, Unit


@dataclass(frozen=True, slots=True)
class Account:
    login: str
    name: str
    role: str
    scope_id: int
    scope_code: str


@dataclass(frozen=True, slots=True)
class Acting:
    actor: str  # who the audit log names
    login: str | None  # the login the change comes from
    account: Account | None  # None on an open store, or for a login with no account
    open_store: bool = False

    @property
    def role(self) -> str | None:
        return None if self.account is None else self.account.role


def accounts_exist(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Officer.id.is_not(None)))))


def account_of(session: Session, login: str | None) -> Account | None:
    if not login:
        return None
    row = session.execute(
        select(Officer.login, Officer.name, Officer.role, Officer.scope_id, Unit.code)
        .join(Unit, Unit.id == Officer.scope_id)
        .where(Officer.login == login)
    ).first()
    return None if row is None else Account(*row)


def acting_officer(session: Session, named: str | None = None, login: str | None = None) -> Acting:
    """Who acts: `login` (default: the OS user), under `named` if given and allowed.

    Raises NotAllowed (to be audited) when someone other than an admin names another."""
    login = login if login is not None else identity.os_user()
    if not accounts_exist(session):
        if named:
            return Acting(named[:100], login, None, open_store=True)
        return Acting(f"cli ({login})"[:100] if login else "cli", login, None, open_store=True)
    account = account_of(session, login)
    if named and named != login:
        if account is None or account.role != "admin":
            role = "none" if account is None else account.role
            who = login or "?"
            raise NotAllowed(
                f"--officer {named}",
                "why.other_name" if account is not None else "why.no_account",
                {
                    "actor": who[:100],
                    "action": "act_as",
                    "entity": "officer",
                    "entity_key": named[:200],
                    "before": None,
                    "after": {"refused": f"--officer {named}", "role": role},
                    "refused": True,
                },
                login=who,
                name=named,
                **({"role": account.role} if account is not None else {}),
            )
        return Acting(f"{named} ({account.login})"[:100], login, account)
    return Acting((login or "?")[:100], login, account)
