"""The sync lease: one holder per store; a dead or silent holder's lease is taken over."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select, update

from tracker.store.engine import make_engine
from tracker.store.models import SyncLease
from tracker.sync.lease import RowLease, open_lease, wait_for


def test_one_holder_at_a_time_and_release_frees_it(db_url: str) -> None:
    engine = make_engine(db_url)
    first, second = open_lease(engine), open_lease(engine)
    try:
        assert first.acquire() and first.valid()
        assert not second.acquire() and not second.valid()
        assert second.holder() == first.me
        first.release()
        assert not first.valid()
        assert second.acquire() and second.valid()
        assert not first.acquire()
    finally:
        first.release()
        second.release()
        engine.dispose()


def test_a_postgresql_lease_is_per_schema(empty_pg_url: str) -> None:
    """Stores in other schemas of one database (the tests' own) do not wait for each other."""
    import psycopg

    from tests.conftest import PG_URL
    from tracker.store.migrate import upgrade

    other = "t_lease_other"
    plain = PG_URL.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {other} CASCADE")
        connection.execute(f"CREATE SCHEMA {other}")
    separator = "&" if "?" in PG_URL else "?"
    urls = [empty_pg_url, f"{PG_URL}{separator}options=-csearch_path%3D{other}"]
    engines = [make_engine(url) for url in urls]
    leases = [open_lease(engine) for engine in engines]
    leases.append(open_lease(engines[0]))  # a second sync on the first store
    try:
        for engine in engines:
            upgrade(engine)
        assert leases[0].acquire() and leases[1].acquire()
        assert not leases[2].acquire()
    finally:
        for lease in leases:
            lease.release()
        for engine in engines:
            engine.dispose()
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {other} CASCADE")


def test_sqlite_a_lease_not_renewed_expires(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    holder = RowLease(engine, ttl=1.0, renew_every=60.0)  # never renews within the test
    standby = RowLease(engine, ttl=1.0)
    try:
        assert holder.acquire()
        assert not standby.acquire()
        time.sleep(1.2)
        assert not holder.valid()  # it stopped sending before the lease ran out
        assert standby.acquire()
    finally:
        standby.release()
        holder.release()
        engine.dispose()


def test_sqlite_the_holder_learns_it_lost_the_lease(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    holder = RowLease(engine, renew_every=0.05)
    try:
        assert holder.acquire()
        with engine.begin() as connection:
            connection.execute(update(SyncLease).values(holder="elsewhere:1:taken"))
        deadline = time.monotonic() + 5
        while not holder.lost() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert holder.lost() and not holder.valid()
    finally:
        holder.release()
        engine.dispose()


def test_sqlite_a_dead_holder_on_this_host_is_replaced_at_once(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    host = RowLease(engine).me.split(":")[0]
    with engine.begin() as connection:
        connection.execute(
            SyncLease.__table__.insert().values(
                name="sync", holder=f"{host}:{dead.stdout.strip()}:0000", expires_at=4e9
            )
        )
    lease = RowLease(engine)
    try:
        assert lease.acquire()
        with engine.connect() as connection:
            assert connection.scalar(select(SyncLease.holder)) == lease.me
    finally:
        lease.release()
        engine.dispose()


def test_a_standby_waits_says_so_once_and_takes_over(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = make_engine(sqlite_url)
    holder, standby = RowLease(engine), RowLease(engine)
    stop = threading.Event()
    try:
        assert holder.acquire()
        taken: list[bool] = []
        waiting = threading.Thread(target=lambda: taken.append(wait_for(standby, stop, 0.05)))
        with caplog.at_level("INFO", logger="tracker.sync"):
            waiting.start()
            time.sleep(0.3)
            assert not taken
            holder.release()
            waiting.join(5)
        assert taken == [True] and standby.valid()
        lines = [r.getMessage() for r in caplog.records if "standby" in r.getMessage()]
        assert len(lines) == 1 and "is sending for this store" in lines[0]
    finally:
        stop.set()
        standby.release()
        holder.release()
        engine.dispose()
