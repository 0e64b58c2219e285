"""Engines and sessions, built by factories (never at import time)."""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event

from tracker.errors import UserError

if TYPE_CHECKING:
    from typing import TypeAlias

    from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

    # What the read queries run on: a Session, or a Connection where the ORM is not loaded.
    Reader: TypeAlias = Connection | Session

log = logging.getLogger("tracker.store")


class StoreError(UserError):
    """The store cannot be reached or used; the message is safe to show (no password)."""


def normalise_url(url: str) -> str:
    """PostgreSQL URLs go through psycopg 3 whatever driver they name; a URL that cannot
    be used is refused in one line naming it, password masked (`tracker.store.urls`)."""
    from tracker.store.urls import checked_url

    return checked_url(url)


def safe_url(url: str) -> str:
    """The URL as it may be printed: the password is masked, even in a URL that does not
    parse (SQLAlchemy's own masking needs one that does)."""
    from tracker.redaction import mask_url

    return mask_url(url)


def make_engine(url: str, **options: Any) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT}, **options)
        sqlite_single_writer(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


# SQLite has one writer at a time. A transaction that will write takes the write lock
# when it begins (BEGIN IMMEDIATE), waiting up to BUSY_TIMEOUT for the writer before it;
# a read transaction that later writes would instead need its lock upgraded, and SQLite
# refuses that at once ("database is locked", busy timeout or not) whenever another
# writer came first. Which transactions write: those begun explicitly
# (`sessions.begin()`, `session.begin()`, `engine.begin()`, every Core connection) or
# whose first statement writes; a session's automatic transaction only reads.
BUSY_TIMEOUT = 15.0  # seconds SQLite waits for the lock before saying it is busy
LOCK_TRIES = 4  # BEGIN IMMEDIATE tries, each waiting BUSY_TIMEOUT: a minute in all
_PENDING = "tracker_sqlite_begin"  # connection.info: the BEGIN to emit before the next statement
_READING = "tracker_sqlite_reading"  # connection.info: the transaction began as a read
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def sqlite_single_writer(engine: Engine) -> None:
    """Transactions on this SQLite engine begin as described above."""
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _begin_pending)
    event.listen(engine, "before_cursor_execute", _emit_begin)
    event.listen(engine, "commit", _forget_begin)
    event.listen(engine, "rollback", _forget_begin)
    if "sqlalchemy.orm" in sys.modules:  # otherwise when the ORM loads (tracker/store/base.py)
        listen_sessions()


def listen_sessions() -> None:
    """Sessions' own transactions begin as read ones (DEFERRED) on SQLite. Registered once
    the ORM is loaded, so that a command reading through a Connection never loads it."""
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_begin", _session_began):
        event.listen(Session, "after_begin", _session_began)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # pysqlite must not begin on its own: we do
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_pending(connection: Connection) -> None:
    # Emitted with the first statement, once it is known whether the transaction writes.
    connection.info[_PENDING] = "IMMEDIATE"


def _session_began(_session: Session, transaction: SessionTransaction, connection: Any) -> None:
    from sqlalchemy.orm.session import SessionTransactionOrigin

    root = transaction
    while root.parent is not None:
        root = root.parent
    if root.origin is SessionTransactionOrigin.AUTOBEGIN and _PENDING in connection.info:
        connection.info[_PENDING] = "DEFERRED"


def _emit_begin(
    connection: Connection, _cursor: Any, statement: str, *_args: Any, **_kw: Any
) -> None:
    words = statement.lstrip().upper()
    if words.startswith("PRAGMA"):
        return  # settings and checkpoints: outside the transaction, which has not begun
    mode = connection.info.pop(_PENDING, None)
    writes = words.startswith(_WRITES)
    if mode is None:
        if writes and connection.info.pop(_READING, False):
            log.warning("a read transaction writes (SQLite may refuse it): %s", statement[:80])
        return
    if mode == "DEFERRED" and not writes:
        connection.info[_READING] = True
    else:
        mode = "IMMEDIATE"
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    for attempt in range(1, LOCK_TRIES + 1):
        try:
            dbapi_connection.execute(f"BEGIN {mode}")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if attempt == LOCK_TRIES:
                raise StoreError(
                    f"the store stayed busy for {LOCK_TRIES * BUSY_TIMEOUT:.0f} s "
                    "(another process keeps writing); try again"
                ) from None
            log.warning("the store is busy (another process writes); waiting")


def _forget_begin(connection: Connection) -> None:
    connection.info.pop(_PENDING, None)
    connection.info.pop(_READING, None)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    listen_sessions()
    return sessionmaker(engine, expire_on_commit=False)


def dialect_name(reader: Reader) -> str:
    """The database a Session or a Connection reads: "postgresql", "sqlite"."""
    if isinstance(reader, Connection):
        return reader.dialect.name
    return reader.get_bind().dialect.name


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads only, without the ORM: one transaction (PostgreSQL's SET
    LOCAL lasts until it ends), which on SQLite begins DEFERRED and takes no write lock."""
    with engine.connect() as connection, connection.begin():
        if _PENDING in connection.info:
            connection.info[_PENDING] = "DEFERRED"
        yield connection


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed together at the end, or not at all."""
    with factory() as session, session.begin():
        yield session
