"""Two `tracker sync` processes on one store: one sends, the other waits as a standby and
takes over when the first is killed. Nothing is counted twice, and nothing is sent twice
but what the kill left between a send and its record (tracker/sync/records.py)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.e2e.conftest import Live
from tracker.store.models import InboundMessage, OutboxMessage, ReportEntry, SyncLease
from tracker.sync.records import most_unrecorded
from tracker.sync.sender import WORKERS

pytestmark = pytest.mark.slow

BACKLOG = 240
KILL_AFTER = 60  # replies sent before the active sync is killed
TAKEOVER = 30.0  # seconds the standby may take to finish the backlog
MEMBERS = {"-1001000000002": ["1001", "1002"], "-1001000000001": ["1003", "1005"]}
STANDBY_LINE = "standby: another `tracker sync`"


def _start(live: Live, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tracker", "--db", live.tracker.db_url, "sync", "--no-pacing"]
    with log.open("wb") as err:
        return subprocess.Popen(
            command, env={**os.environ, **live.env}, stdout=subprocess.DEVNULL, stderr=err
        )


def _holder_pid(live: Live) -> int | None:
    with live.tracker.sessions()() as session:
        holder = session.scalar(select(SyncLease.holder).where(SyncLease.name == "sync"))
    return None if holder is None else int(holder.split(":")[1])


def _wait(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_the_standby_takes_over_and_nothing_is_doubled(live_any: Live, tmp_path: Path) -> None:
    live = live_any
    rng = random.Random(18)
    expected: dict[int, int] = {}  # telegram message id -> value reported
    for _ in range(BACKLOG):
        chat = rng.choice(list(MEMBERS))
        value = rng.randint(1, 50)
        update = live.telegram.post(chat, rng.choice(MEMBERS[chat]), f"/bc ttdt {value}")
        expected[update["message"]["message_id"]] = value

    replies_sent = threading.Event()

    def count_sends(method: str) -> None:
        if method == "sendMessage" and len(live.telegram.sent) >= KILL_AFTER:
            replies_sent.set()

    live.telegram.on_call = count_sends
    logs = {name: tmp_path / f"sync-{name}.log" for name in ("a", "b")}
    processes = {name: _start(live, log) for name, log in logs.items()}
    try:
        assert replies_sent.wait(60), "no sync sent anything"
        active = _holder_pid(live)
        by_pid = {p.pid: name for name, p in processes.items()}
        assert active in by_pid
        killed = by_pid[active]
        survivor = "b" if killed == "a" else "a"
        processes[killed].kill()
        processes[killed].wait()
        killed_at = time.monotonic()
        # What it wrote before dying may still be on its way through the server: known
        # once the server has closed its connections (the standby opened none yet).
        assert live.telegram.wait_closed(live.telegram.open_connections(), 10.0)
        with live.telegram.lock:
            sent_before_kill = [s.reply_to for s in live.telegram.sent]
        done = _wait(
            lambda: {s.reply_to for s in live.telegram.replies()} >= set(expected), TAKEOVER + 5
        )
        took = time.monotonic() - killed_at
        assert done, f"the standby had not finished the backlog after {took:.0f} s"
        assert took <= TAKEOVER
        # Once finished, nothing more goes out: the survivor does not resend anything.
        time.sleep(1.0)
        processes[survivor].send_signal(signal.SIGTERM)
        assert processes[survivor].wait(30) == 0
    finally:
        live.telegram.on_call = None
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()

    # The one that waited said so, in one line; the other never did.
    standby_lines = [
        line for line in logs[survivor].read_text().splitlines() if STANDBY_LINE in line
    ]
    assert len(standby_lines) == 1, logs[survivor].read_text()
    assert STANDBY_LINE not in logs[killed].read_text()

    # Every reply went out once, but those the kill caught between send and record.
    copies = Counter(s.reply_to for s in live.telegram.replies())
    assert set(copies) == set(expected)
    doubled = {m for m, n in copies.items() if n > 1}
    assert all(copies[m] == 2 for m in doubled)
    # Those are what the killed one sent last (it is dead: all it sent is in the list).
    assert doubled <= set(sent_before_kill)
    assert len(doubled) <= most_unrecorded(WORKERS)

    # Every report counted once, with its value; every reply recorded sent.
    with live.tracker.sessions()() as session:
        statuses = Counter(
            session.scalars(
                select(InboundMessage.status).where(InboundMessage.channel == "telegram")
            )
        )
        counted = dict(
            session.execute(
                select(InboundMessage.message_id, func.sum(ReportEntry.value))
                .join(ReportEntry, ReportEntry.message_id == InboundMessage.id)
                .where(ReportEntry.superseded_by_id.is_(None))
                .group_by(InboundMessage.message_id)
            ).all()
        )
        outbox = Counter(session.scalars(select(OutboxMessage.status)))
    assert statuses == {"counted": BACKLOG}
    assert {int(m): int(v) for m, v in counted.items()} == expected
    assert outbox == {"sent": BACKLOG}
