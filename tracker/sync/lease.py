"""One sending `tracker sync` per store; any other waits as a standby and takes over.

Two syncs sending from one outbox each read the same pending rows and send them: an
admin starting a second by mistake had nearly every reply go out twice (issue 18). So
the right to pull, process and send is a lease:

- PostgreSQL: a session advisory lock, keyed by database and schema, held on a
  connection of its own for as long as the process lives. The server frees it the
  moment that connection ends (a kill, a crash, a lost network).
- SQLite: a row of `sync_leases` naming the holder until a time on the store's clock,
  renewed every RENEW_EVERY seconds by a thread. A lease not renewed for TTL seconds
  is free; so, at once, is one whose holder ran on this host and runs no more.

A standby tries every STANDBY_POLL seconds, so it takes over within TTL + STANDBY_POLL
(20 s) of the holder's death on SQLite, within STANDBY_POLL on PostgreSQL. The holder
checks before each send that its lease is still good (`valid`): renewed (SQLite) or its
lock's connection answering (PostgreSQL) within the last 0.8 TTL, so that a holder that
stalled stops sending before anyone can take the lease from it. Nothing is sent twice
but what a crash left unrecorded (tracker/sync/records.py): the new holder sends it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import socket
import threading
import time
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    Float,
    delete,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from tracker.store.models import SyncLease

log = logging.getLogger("tracker.sync")

SYNC = "sync"  # the lease every `tracker sync` of a store asks for
TTL = 15.0  # seconds a lease lasts unless renewed (SQLite)
RENEW_EVERY = 3.0  # seconds between two renewals (SQLite) or pings of the lock (PostgreSQL)
STANDBY_POLL = 5.0  # seconds between a standby's tries
GOOD_FOR = 0.8  # of TTL: how long after a renewal the holder still sends


def identity() -> str:
    """`host:pid:token`: the token tells two runs of one process apart (tests run sync
    in-process, one invocation after another)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def describe(holder: str | None) -> str:
    """A holder as a person reads it: `host, pid 1234`."""
    if not holder:
        return "unknown"
    host, _, rest = holder.partition(":")
    return f"{host}, pid {rest.split(':')[0]}"


def gone(holder: str) -> bool:
    """Whether the holder surely runs no more: it ran on this host, under another pid,
    and that process has ended (or is a zombie waiting to be reaped)."""
    host, _, rest = holder.partition(":")
    pid_text = rest.split(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process, running
        return False
    try:
        # /proc/<pid>/stat: "pid (name) S ..."; Z is a process that ended, unreaped.
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


class Lease:
    """A named lease on a store; `acquire`, then `valid` before each send, `release` at the end."""

    def __init__(
        self,
        engine: Engine,
        name: str = SYNC,
        *,
        ttl: float = TTL,
        renew_every: float = RENEW_EVERY,
    ) -> None:
        self.engine = engine
        self.name = name
        self.ttl = ttl
        self.renew_every = renew_every
        self.me = identity()
        self._good_until = -1.0  # on time.monotonic
        self._lost = threading.Event()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    # -- what a holder does -----------------------------------------------------------

    def acquire(self) -> bool:
        """Take the lease if it is free (or ours); True when this process holds it."""
        if self._beat is not None and not self._lost.is_set():
            return True
        self._end_beat()
        began = time.monotonic()
        if not self._take():
            return False
        self._lost.clear()
        self._good_until = began + self.ttl * GOOD_FOR
        self._stop.clear()
        self._beat = threading.Thread(target=self._keep, name="lease", daemon=True)
        self._beat.start()
        return True

    def valid(self) -> bool:
        """Whether this process may send now (cheap: no statement)."""
        return not self._lost.is_set() and time.monotonic() < self._good_until

    def lost(self) -> bool:
        """Whether the lease was taken from this process (or its lock's connection ended)."""
        return self._lost.is_set()

    def release(self) -> None:
        """Give the lease up at once, so that a standby need not wait for it to expire."""
        self._end_beat()
        if not self._lost.is_set():
            try:
                self._give_up()
            except Exception as error:  # the store is down: the lease expires by itself
                log.debug("lease: not released: %s", error)
        self._lost.set()

    def holder(self) -> str | None:
        """Who holds the lease, as the store says."""
        with self.engine.connect() as connection:
            return connection.scalar(select(SyncLease.holder).where(SyncLease.name == self.name))

    def _keep(self) -> None:
        while not self._stop.wait(self.renew_every):
            began = time.monotonic()
            try:
                held = self._renew()
            except Exception as error:
                if self._renewal_failure_is_loss():
                    log.warning("sync: lost the lease: %s", error)
                    self._lost.set()
                    return
                log.debug("lease: renewal failed, trying again: %s", error)
                continue
            if not held:
                log.warning("sync: another sync took the lease over")
                self._lost.set()
                return
            self._good_until = began + self.ttl * GOOD_FOR

    def _end_beat(self) -> None:
        if self._beat is not None:
            self._stop.set()
            self._beat.join()
            self._beat = None

    # -- the store's side (per database) --------------------------------------------------

    def _take(self) -> bool:
        raise NotImplementedError

    def _renew(self) -> bool:
        raise NotImplementedError

    def _renewal_failure_is_loss(self) -> bool:
        raise NotImplementedError

    def _give_up(self) -> None:
        raise NotImplementedError


def store_now(connection: Connection) -> ColumnElement[float]:
    """The store's clock, in seconds since 1970 (shared by every process on the store)."""
    if connection.dialect.name == "sqlite":
        return literal_column("((julianday('now') - 2440587.5) * 86400.0)", Float)
    return literal_column("extract(epoch from clock_timestamp())::float8", Float)


class RowLease(Lease):
    """SQLite: the `sync_leases` row, renewed by a thread."""

    def _take(self) -> bool:
        with self.engine.begin() as connection:  # BEGIN IMMEDIATE: one taker at a time
            now = store_now(connection)
            row = connection.execute(
                select(SyncLease.holder, SyncLease.expires_at, now).where(
                    SyncLease.name == self.name
                )
            ).first()
            values = {"holder": self.me, "expires_at": now + self.ttl}
            if row is None:
                connection.execute(insert(SyncLease).values(name=self.name, **values))
                return True
            holder, expires_at, clock = row
            if holder != self.me and expires_at > clock and not gone(holder):
                return False
            connection.execute(
                update(SyncLease).where(SyncLease.name == self.name).values(**values)
            )
            return True

    def _renew(self) -> bool:
        with self.engine.begin() as connection:
            renewed = connection.execute(
                update(SyncLease)
                .where(SyncLease.name == self.name, SyncLease.holder == self.me)
                .values(expires_at=store_now(connection) + self.ttl)
            )
            return bool(renewed.rowcount)

    def _renewal_failure_is_loss(self) -> bool:
        return False  # the store was busy: the row is still ours until it expires

    def _give_up(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                delete(SyncLease).where(SyncLease.name == self.name, SyncLease.holder == self.me)
            )


class LockLease(Lease):
    """PostgreSQL: a session advisory lock on a connection kept for it."""

    def __init__(self, engine: Engine, name: str = SYNC, **options: float) -> None:
        super().__init__(engine, name, **options)
        self._connection: Connection | None = None
        self._key: int | None = None

    def _take(self) -> bool:
        if self._connection is None:
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            database, schema = connection.execute(
                text("SELECT current_database(), current_schema()")
            ).one()
            self._key = lock_key(f"tracker.{self.name}:{database}:{schema}")
            self._connection = connection
        taken = bool(
            self._connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})
        )
        if taken:
            self._say_who()
        return taken

    def _say_who(self) -> None:
        """The row a standby reads to name the holder; the lock is what counts."""
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        with self.engine.begin() as connection:
            values = {"holder": self.me, "expires_at": store_now(connection) + self.ttl}
            statement = pg_insert(SyncLease).values(name=self.name, **values)
            connection.execute(
                statement.on_conflict_do_update(index_elements=["name"], set_=values)
            )

    def _renew(self) -> bool:
        assert self._connection is not None
        self._connection.execute(text("SELECT 1"))
        return True

    def _renewal_failure_is_loss(self) -> bool:
        self._drop_connection()
        return True  # the connection is gone, and the lock with it

    def _give_up(self) -> None:
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        self._drop_connection()
        with self.engine.begin() as connection:
            connection.execute(
                delete(SyncLease).where(SyncLease.name == self.name, SyncLease.holder == self.me)
            )

    def _drop_connection(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()  # never back to the pool with a lock on it
                self._connection.close()
            except Exception as error:
                log.debug("lease: closing the lock's connection: %s", error)
            self._connection = None

    def release(self) -> None:
        super().release()
        self._drop_connection()


def lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for `name`, the same in every process."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def open_lease(engine: Engine, name: str = SYNC, **options: float) -> Lease:
    """The lease for this store's database."""
    if engine.dialect.name == "postgresql":
        return LockLease(engine, name, **options)
    return RowLease(engine, name, **options)


def wait_for(lease: Lease, stop: threading.Event, poll: float = STANDBY_POLL) -> bool:
    """Take the lease, waiting as a standby while another process holds it (said in one
    line); False if `stop` was set first."""
    told = False
    while not stop.is_set():
        if lease.acquire():
            if told:
                log.info("sync: the other sync stopped; this one sends now")
            return True
        if not told:
            log.warning(
                "sync: standby: another `tracker sync` (%s) is sending for this store; "
                "this one takes over when it stops",
                describe(lease.holder()),
            )
            told = True
        stop.wait(poll)
    return False
