"""SQLite's one writer at a time: a transaction that will write takes the lock when it
begins, waits for the writer before it, and never has a read upgraded under another
writer's lock (SQLite refuses that at once: "database is locked")."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from sqlalchemy import select, update

from tracker.store import engine as store_engine
from tracker.store.engine import StoreError, make_engine, session_factory
from tracker.store.models import AuditEntry, Unit


def _sessions(url: str):  # type: ignore[no-untyped-def]
    return session_factory(make_engine(url))


def _add_unit(url: str) -> None:
    with _sessions(url).begin() as session:
        session.add(Unit(code="NH", name="Xã Ngũ Hùng", level="commune", households=900))


def test_a_read_then_write_transaction_waits_instead_of_failing(sqlite_url: str) -> None:
    """The officer's edit reads the unit, another process writes meanwhile, then the edit
    writes: with the lock taken at BEGIN, the other process waits for the edit."""
    _add_unit(sqlite_url)
    edit, other = _sessions(sqlite_url), _sessions(sqlite_url)
    edit_has_read = threading.Event()
    errors: list[BaseException] = []

    def other_process() -> None:
        edit_has_read.wait(10)
        try:
            with other.begin() as session:
                session.add(AuditEntry(actor="sync", action="create", entity="x", entity_key="1"))
        except BaseException as error:  # pragma: no cover - what the test looks for
            errors.append(error)

    writer = threading.Thread(target=other_process)
    writer.start()
    with edit.begin() as session:
        unit = session.scalars(select(Unit)).one()
        edit_has_read.set()
        time.sleep(0.5)  # the other process's write comes now
        unit.households = 950
    writer.join(30)
    assert errors == []
    with edit() as session:
        assert session.scalars(select(Unit.households)).one() == 950
        assert len(session.scalars(select(AuditEntry)).all()) == 1


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_a_writer_that_stays_busy_is_waited_for_again(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT", 0.2)
    _add_unit(sqlite_url)
    holder, waiter = _sessions(sqlite_url), _sessions(sqlite_url)
    holding = threading.Event()

    def hold_the_lock() -> None:
        with holder.begin() as session:
            session.execute(update(Unit).values(households=901))
            holding.set()
            time.sleep(0.5)  # longer than one busy timeout, shorter than all the tries

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    holding.wait(10)
    lines = _Lines()  # on the logger itself: sync's log set-up may stop it propagating
    logging.getLogger("tracker.store").addHandler(lines)
    try:
        with waiter.begin() as session:
            session.execute(update(Unit).values(households=902))
    finally:
        logging.getLogger("tracker.store").removeHandler(lines)
    thread.join(10)
    assert any("the store is busy" in line for line in lines.lines)
    with waiter() as session:
        assert session.scalars(select(Unit.households)).one() == 902


def test_a_store_busy_for_too_long_is_one_line_without_sqlites_words(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT", 0.1)
    monkeypatch.setattr(store_engine, "LOCK_TRIES", 2)
    _add_unit(sqlite_url)
    holder, waiter = _sessions(sqlite_url), _sessions(sqlite_url)
    with holder.begin() as session:
        session.execute(update(Unit).values(households=901))
        with pytest.raises(StoreError) as refused, waiter.begin() as other:
            other.execute(update(Unit).values(households=902))
    assert "busy" in str(refused.value) and "locked" not in str(refused.value)


def test_reads_do_not_wait_for_a_writer(sqlite_url: str) -> None:
    """A screen that only reads (a session's own transaction) is not held up by a writer."""
    _add_unit(sqlite_url)
    holder, reader = _sessions(sqlite_url), _sessions(sqlite_url)
    with holder.begin() as session:
        session.execute(update(Unit).values(households=901))
        started = time.monotonic()
        with reader() as other:
            assert other.scalars(select(Unit.households)).one() == 900
        assert time.monotonic() - started < 1.0
