"""Officer accounts: add, change, remove, set a password, list.

Only an admin whose scope holds the account's scope (before and after a change) manages
it. The first account on a store with none may be made by anyone, and must be an admin:
otherwise nobody could manage the next ones. An officer may set their own password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.hierarchy import find_unit, subtree
from tracker.officers.acting import Acting
from tracker.officers.authorize import authorize
from tracker.officers.errors import AccountError
from tracker.officers.passwords import MIN_LENGTH, hash_password
from tracker.store.models import OFFICER_ROLES, Officer, Unit

LOGIN = re.compile(r"[A-Za-z0-9._][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True, slots=True)
class OfficerView:
    login: str
    name: str
    role: str
    scope: str
    scope_name: str
    has_password: bool
    locked_until: datetime | None


def list_officers(session: Session, within: int | None = None) -> list[OfficerView]:
    """Every account, or those whose scope lies in `within`'s subtree."""
    query = (
        select(
            Officer.login,
            Officer.name,
            Officer.role,
            Unit.code,
            Unit.name,
            Officer.password_hash.is_not(None),
            Officer.locked_until,
        )
        .join(Unit, Unit.id == Officer.scope_id)
        .order_by(Unit.code, Officer.login)
    )
    if within is not None:
        tree = subtree(within, "listed_scope")
        query = query.where(Officer.scope_id.in_(select(tree.c.id)))
    return [OfficerView(*row) for row in session.execute(query)]


def add_officer(
    session: Session, acting: Acting, login: str, name: str, scope: str, role: str
) -> Officer:
    login, name = login.strip(), " ".join(name.split())
    _check_login(login)
    if not name:
        raise AccountError("officer.needs_name")
    _check_role(role)
    unit = find_unit(session, scope)
    what = f"officer add {login}"
    if acting.open_store and role != "admin":
        raise AccountError("officer.first_admin")
    authorize(session, acting, "accounts", unit.id, what=what, entity="officer", key=login)
    if _find(session, login) is not None:
        raise AccountError("officer.taken", login=login)
    officer = Officer(login=login, name=name, scope=unit, role=role)
    session.add(officer)
    session.flush()
    _audit(session, acting, "create", login, None, _state(officer))
    return officer


def change_officer(
    session: Session,
    acting: Acting,
    login: str,
    *,
    name: str | None = None,
    scope: str | None = None,
    role: str | None = None,
) -> dict[str, Any] | None:
    """Change what is given; the changed fields, or None when nothing changed."""
    officer = find_officer(session, login)
    what = f"officer set {login}"
    authorize(session, acting, "accounts", officer.scope_id, what=what, entity="officer", key=login)
    before = _state(officer)
    if scope is not None:
        unit = find_unit(session, scope)
        authorize(session, acting, "accounts", unit.id, what=what, entity="officer", key=login)
        officer.scope = unit
    if role is not None:
        _check_role(role)
        if officer.role == "admin" and role != "admin":
            _keep_an_admin(session, officer)
        officer.role = role
    if name is not None:
        if not " ".join(name.split()):
            raise AccountError("officer.needs_name")
        officer.name = " ".join(name.split())
    after = _state(officer)
    if after == before:
        return None
    session.flush()
    _audit(session, acting, "update", login, before, after)
    return {key: value for key, value in after.items() if before.get(key) != value}


def remove_officer(session: Session, acting: Acting, login: str) -> None:
    officer = find_officer(session, login)
    what = f"officer remove {login}"
    authorize(session, acting, "accounts", officer.scope_id, what=what, entity="officer", key=login)
    if officer.role == "admin":
        _keep_an_admin(session, officer)
    before = _state(officer)
    session.delete(officer)
    session.flush()
    _audit(session, acting, "delete", login, before, None)


def set_password(session: Session, acting: Acting, login: str, password: str) -> None:
    officer = find_officer(session, login)
    if acting.account is None or acting.account.login != login:
        what = f"officer passwd {login}"
        authorize(
            session, acting, "accounts", officer.scope_id, what=what, entity="officer", key=login
        )
    if len(password) < MIN_LENGTH:
        raise AccountError("password.short", n=MIN_LENGTH)
    officer.password_hash = hash_password(password)
    officer.failed_attempts, officer.locked_until = 0, None
    session.flush()
    _audit(session, acting, "password", login, None, {"password": "set"})


def find_officer(session: Session, login: str) -> Officer:
    officer = _find(session, login)
    if officer is None:
        raise AccountError("officer.unknown", login=login)
    return officer


def _find(session: Session, login: str) -> Officer | None:
    return session.scalars(select(Officer).where(Officer.login == login)).first()


def _check_login(login: str) -> None:
    if not LOGIN.fullmatch(login):
        raise AccountError("officer.bad_login", login=login)


def _check_role(role: str) -> None:
    if role not in OFFICER_ROLES:
        raise AccountError("officer.bad_role", role=role)


def _keep_an_admin(session: Session, leaving: Officer) -> None:
    """A store with accounts and no admin could never manage them again."""
    others = session.scalar(
        select(func.count(Officer.id)).where(Officer.role == "admin", Officer.id != leaving.id)
    )
    if not others:
        raise AccountError("officer.last_admin", login=leaving.login)


def _state(officer: Officer) -> dict[str, Any]:
    return {
        "login": officer.login,
        "name": officer.name,
        "scope": officer.scope.code,
        "role": officer.role,
    }


def _audit(
    session: Session,
    acting: Acting,
    action: str,
    login: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(session, acting.actor, action, "officer", login, before, after)
