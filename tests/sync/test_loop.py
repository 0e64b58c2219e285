"""The long-running loop: paced replies do not wait for a long poll; a failing cycle
is logged and retried instead of ending the run."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from tests.e2e.conftest import Live
from tracker.config import load_settings
from tracker.sync import steps
from tracker.sync.channels import build_channels
from tracker.sync.loop import Sync


def _loop(live: Live) -> tuple[Sync, threading.Event, threading.Thread]:
    settings = load_settings(db_url=live.tracker.db_url)
    syncer = Sync(live.tracker.sessions(), settings, build_channels(settings), now=_at_noon())
    stop = threading.Event()
    thread = threading.Thread(target=syncer.run, args=(stop,), daemon=True)
    thread.start()
    return syncer, stop, thread


def _noon():  # type: ignore[no-untyped-def]
    from tracker.clock import parse_moment

    return parse_moment("2026-11-22T12:00")


def _at_noon():  # type: ignore[no-untyped-def]
    """The Sync's clock; the process clock runs from the same instant, so that what the
    loop queues is stamped on its day (as `tracker sync --now` does)."""
    from tracker.clock import pin

    pin(_noon())
    return _noon


def _wait_for(condition, seconds: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_paced_replies_do_not_wait_for_the_long_poll(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_ZALO_TOKEN")  # one channel: sync long-polls it
    live.telegram.max_wait = 30.0
    for n in range(3):
        live.telegram.post("-1001000000002", "1001", f"/bc ttdt {n + 1}")
    syncer, stop, thread = _loop(live)
    started = time.monotonic()
    assert _wait_for(lambda: len(live.telegram.replies()) == 3)
    elapsed = time.monotonic() - started
    assert 1.8 <= elapsed < 10  # one a second in that chat, not one per 25 s poll
    stop.set()
    live.telegram.post("-1001000000002", "1001", "xin chào")  # ends the long poll
    thread.join(30)
    syncer.close()
    assert not thread.is_alive()


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_a_failing_cycle_is_retried(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _Lines()
    logging.getLogger("tracker.sync").addHandler(lines)
    real, calls = steps.process_pending, []

    def flaky(sessions, settings):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the store went away")
        return real(sessions, settings)

    monkeypatch.setattr(steps, "process_pending", flaky)
    live.telegram.post("-1001000000002", "1001", "/bc ttdt 1")
    syncer, stop, thread = _loop(live)
    assert _wait_for(lambda: len(live.telegram.replies()) == 1)
    stop.set()
    thread.join(30)
    syncer.close()
    logging.getLogger("tracker.sync").removeHandler(lines)
    assert (
        "sync: the cycle failed (1 in a row), trying again: RuntimeError: the store went away"
        in lines.lines
    )


class _Instant(threading.Event):
    """A stop event whose waits return at once; it is set after `cycles` waits."""

    def __init__(self, cycles: int) -> None:
        super().__init__()
        self.left = cycles

    def wait(self, timeout: float | None = None) -> bool:
        self.left -= 1
        if self.left <= 0:
            self.set()
        return self.is_set()


def test_a_store_outage_is_one_line_a_minute_not_tracebacks(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from sqlalchemy.exc import OperationalError

    from tracker.sync import logs

    def down(sessions, settings):  # type: ignore[no-untyped-def]
        raise OperationalError(
            "SELECT inbound_messages.id FROM inbound_messages WHERE status = %(status)s",
            {"status": "pending"},
            Exception(
                'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
                "\tIs the server running on that host and accepting TCP/IP connections?"
            ),
        )

    monkeypatch.setattr(steps, "process_pending", down)
    live.telegram.max_wait = 0.01
    output = io.StringIO()
    handler = logs.setup([])
    handler.setStream(output)  # type: ignore[attr-defined]
    settings = load_settings(db_url=live.tracker.db_url)
    syncer = Sync(live.tracker.sessions(), settings, build_channels(settings), now=_at_noon())
    try:
        syncer.run(_Instant(13))  # 13 failed cycles, well within a minute
    finally:
        syncer.close()
        logging.getLogger("tracker").removeHandler(handler)
    lines = [line for line in output.getvalue().splitlines() if "cycle failed" in line]
    assert len(output.getvalue().splitlines()) == 1, output.getvalue()
    assert lines[0].endswith(
        'trying again: OperationalError: connection to server at "127.0.0.1", '
        "port 5432 failed: Connection refused"
    )


def test_a_loop_whose_only_channel_is_down_does_not_spin(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.adapters.loopback import closed_port

    monkeypatch.delenv("TRACKER_ZALO_TOKEN")
    monkeypatch.setenv("TRACKER_TELEGRAM_API_BASE", closed_port())
    settings = load_settings(db_url=live.tracker.db_url)
    channels = build_channels(settings, sleep=lambda _: None)
    cycles: list[int] = []
    real = steps.process_pending

    def counted(sessions, settings):  # type: ignore[no-untyped-def]
        cycles.append(1)
        return real(sessions, settings)

    monkeypatch.setattr(steps, "process_pending", counted)
    syncer = Sync(live.tracker.sessions(), settings, channels, now=_at_noon())
    stop = threading.Event()
    thread = threading.Thread(target=syncer.run, args=(stop,), daemon=True)
    thread.start()
    time.sleep(1.5)
    stop.set()
    thread.join(30)
    syncer.close()
    assert 1 <= len(cycles) <= 2  # one cycle, then a pause while it rests
