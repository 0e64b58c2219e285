"""TRACKER_CLOCK: the instant a process's clock starts at, running on with real time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from tracker import clock


def test_the_clock_starts_at_the_instant_and_runs_on(clock_at: Callable[[str], None]) -> None:
    clock_at("2026-11-30T23:59:59.5+07:00")
    first = clock.utcnow()
    assert datetime(2026, 11, 30, 16, 59, 59, 500000, tzinfo=UTC) <= first
    assert first < datetime(2026, 11, 30, 17, 0, 1, tzinfo=UTC)
    assert clock.today() == date(2026, 11, 30)
    time.sleep(0.6)
    assert clock.utcnow() - first >= timedelta(seconds=0.6)
    assert clock.today() == date(2026, 12, 1)  # midnight came, as it would


def test_without_an_offset_it_is_vietnam_time(clock_at: Callable[[str], None]) -> None:
    clock_at("2026-11-20T16:59")
    assert clock.utcnow() - datetime(2026, 11, 20, 9, 59, tzinfo=UTC) < timedelta(seconds=5)


def test_every_process_a_test_starts_sees_it(clock_at: Callable[[str], None]) -> None:
    clock_at("2026-12-01T00:01:00+07:00")
    seen = subprocess.run(
        [sys.executable, "-c", "from tracker.clock import today; print(today())"],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    )
    assert seen.stdout.strip() == "2026-12-01"


def test_a_bad_instant_names_the_variable(clock_at: Callable[[str], None]) -> None:
    clock_at("tomorrow evening")
    with pytest.raises(ValueError, match="TRACKER_CLOCK: 'tomorrow evening'"):
        clock.utcnow()


def test_without_it_the_clock_is_the_real_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.CLOCK_VARIABLE)
    assert abs(clock.utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def test_what_the_store_stamps_follows_it(clock_at: Callable[[str], None], sqlite_url: str) -> None:
    from sqlalchemy import select

    from tracker.store.engine import make_engine, session_factory
    from tracker.store.models import AuditEntry

    clock_at("2026-11-30T23:59:00+07:00")
    sessions = session_factory(make_engine(sqlite_url))
    with sessions.begin() as session:
        session.add(AuditEntry(actor="cli", action="create", entity="unit", entity_key="NH"))
    with sessions() as session:
        stamped = session.scalars(select(AuditEntry.at)).one()
    assert clock.local_date(stamped) == date(2026, 11, 30)
