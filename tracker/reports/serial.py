"""Processing gives the same counts whatever runs beside it (a second `sync`, an `ingest`,
an officer's review decision).

Two things make that so:

- a pending journal row is processed by one processor only: on PostgreSQL a batch takes
  its rows with `FOR UPDATE SKIP LOCKED` (another processor takes the others); on SQLite
  a batch starts with a write, which makes it the single writer until it commits, and
  then reads only the rows still pending;
- the counted entries of one team's month are read and changed by one transaction at a
  time: a stated total (`=45`) is measured against that month, so two processors each
  measuring against a month the other is changing count twice. PostgreSQL takes a
  transaction-level advisory lock per team and month, always in the same order within
  a batch so that two batches cannot wait for each other; SQLite has one writer anyway.

A month read before its lock was taken may be stale: the ledger reads a month, or checks
what it kept of it from an earlier transaction, only once it holds that month's lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Select, bindparam, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from tracker.store.models import InboundMessage

# One statement for a batch's months. The lock function is volatile, so PostgreSQL calls
# it after sorting: every batch takes its locks in the same order.
_LOCK_MONTHS = text(
    "SELECT pg_advisory_xact_lock(k) FROM unnest(:keys) AS k ORDER BY k"
).bindparams(bindparam("keys", type_=ARRAY(BigInteger)))


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def claim_pending(
    session: Session, query: Select[Any], ids: Sequence[int], now: datetime
) -> Select[Any]:
    """`query` (rows of `ids` still pending) made to return only rows no other processor has.

    Call it first in the batch's transaction: on SQLite the write it makes is what waits
    for another writer, and a read before it would see the store as it was before that
    writer committed.
    """
    if is_postgresql(session):
        return query.with_for_update(skip_locked=True, of=InboundMessage)
    # What matters is that the transaction's first statement is a write: the store's
    # engine then begins it IMMEDIATE (tracker.store.engine), the one writer until it
    # commits, even in a session that began on its own. An UPDATE that matches no row
    # is enough; writing `processed_at` on the batch's rows here, as this once did,
    # rewrote every row (raw JSON and all) only for the outcome to rewrite it again.
    session.execute(
        update(InboundMessage).where(InboundMessage.id < 0).values(processed_at=now),
        execution_options={"synchronize_session": False},
    )
    return query


def month_key(team_id: int, month: date) -> int:
    """A signed 64-bit advisory-lock key for a team's month, stable across processes."""
    name = f"tracker.totals:{team_id}:{month.year:04d}-{month.month:02d}"
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_months(session: Session, months: Iterable[tuple[int, date]]) -> None:
    """Hold (team, month) for the rest of the transaction; wait while another holds it."""
    if not is_postgresql(session):
        return  # SQLite: the transaction already is the only writer
    keys = sorted({month_key(team, month) for team, month in months})
    if keys:
        session.execute(_LOCK_MONTHS, {"keys": keys})


# SQLSTATE classes of failures that can pass: connection (08), transaction rollback:
# deadlock, serialisation (40), resources (53), object in use, lock not available (55),
# operator intervention: shutdown, cancel (57), system (58).
_PASSING_SQLSTATES = frozenset({"08", "40", "53", "55", "57", "58"})
# SQLite's: BUSY, LOCKED, NOMEM, IOERR, FULL, CANTOPEN, PROTOCOL.
_PASSING_SQLITE_CODES = frozenset({5, 6, 7, 10, 13, 14, 15})


def transient(error: BaseException) -> bool:
    """Whether the same work may succeed later: the store was busy or out of reach, not
    refusing what a message asked of it."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    state = getattr(error.orig, "sqlstate", None)
    if isinstance(state, str) and state:
        return state[:2] in _PASSING_SQLSTATES
    code = getattr(error.orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _PASSING_SQLITE_CODES
    return isinstance(error, OperationalError | InterfaceError)
