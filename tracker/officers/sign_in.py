"""The browser's sign-in: LOGIN and password, checked against the argon2 hash.

Five wrong passwords in a row lock the account for 15 minutes (a right one then is refused
too, so guessing cannot go on); each wrong one is audited as a refused attempt. A login
with no account is answered as a wrong password, after the same work, so that the answer
does not tell which logins exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tracker import audit
from tracker.clock import utcnow
from tracker.officers.passwords import hash_password, verify_password
from tracker.store.models import Officer

TRIES = 5
LOCK = timedelta(minutes=15)
# A hash to verify against for an unknown login, so that it takes as long as a known one.
_NOBODY = hash_password("no such officer")


@dataclass(frozen=True, slots=True)
class SignIn:
    outcome: str  # "ok", "wrong" or "locked"
    login: str | None = None  # the account's login when ok


def sign_in(sessions: sessionmaker[Session], login: str, password: str) -> SignIn:
    now = utcnow()
    with sessions.begin() as session:
        officer = session.scalars(select(Officer).where(Officer.login == login)).first()
        if officer is None:
            verify_password(_NOBODY, password)
            _audit(session, login, "unknown login")
            return SignIn("wrong")
        if officer.locked_until is not None and officer.locked_until > now:
            _audit(session, login, "locked")
            return SignIn("locked")
        if verify_password(officer.password_hash, password):
            officer.failed_attempts, officer.locked_until = 0, None
            return SignIn("ok", officer.login)
        officer.failed_attempts += 1
        if officer.failed_attempts >= TRIES:
            officer.failed_attempts, officer.locked_until = 0, now + LOCK
            _audit(session, login, f"wrong password; locked until {officer.locked_until}")
            return SignIn("locked")
        _audit(session, login, "wrong password")
        return SignIn("wrong")


def _audit(session: Session, login: str, reason: str) -> None:
    after = {"refused": "sign in", "reason": reason}
    audit.record(session, f"web ({login})", "sign_in", "officer", login, None, after, refused=True)
