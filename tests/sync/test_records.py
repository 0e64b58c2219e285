"""Accepted sends are recorded a few at a time, never later than MAX_WAIT, never lost."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select

from adapters.base import AuthFailed
from tests.e2e.conftest import Live
from tracker.messages import Outbound
from tracker.store.engine import make_engine
from tracker.store.models import OutboxMessage
from tracker.sync.loop import Sync
from tracker.sync.outbox import queue
from tracker.sync.records import SentRecords

TEAM_CHAT, COMMUNE_CHAT = "-1001000000002", "-1001000000001"


@pytest.fixture
def live(live_any: Live) -> Live:
    """Recording is checked on each backend."""
    return live_any


def _queue(live: Live, *chats: str) -> list[int]:
    messages = [
        Outbound("telegram", chat, f"tin {n}", f"test:{n}", "notice")
        for n, chat in enumerate(chats)
    ]
    with live.tracker.sessions().begin() as session:
        queue(session, messages)
    return [row.id for row in _rows(live)]


def _rows(live: Live) -> list[OutboxMessage]:
    with live.tracker.sessions()() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _status(live: Live) -> list[tuple[str, str | None]]:
    return [(row.status, row.external_id) for row in _rows(live)]


class HeldWrites:
    """Holds the first write to the outbox (in whichever thread makes it) until released,
    and counts the transactions that write to it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.held = threading.Event()
        self.release = threading.Event()
        self.writes = 0
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "UPDATE OUTBOX" in statement.upper():
            self.writes += 1
            if self.writes == 1:
                self.held.set()
                assert self.release.wait(10)

    def remove(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)


def _engine(live: Live) -> Engine:
    """A new engine on the test store (each call to `sessions()` makes one)."""
    return live.tracker.sessions().kw["bind"]  # type: ignore[no-any-return]


def test_a_lone_accepted_send_is_recorded_at_once(live: Live) -> None:
    ids = _queue(live, TEAM_CHAT, COMMUNE_CHAT)
    records = SentRecords(_engine(live))
    records.sent(ids[1], "502", moved_to="-1009")
    assert _status(live) == [("pending", None), ("sent", "502")]
    row = _rows(live)[1]
    assert (row.attempts, row.chat_id) == (1, "-1009") and row.sent_at is not None


def test_the_writer_waits_a_moment_for_more_records(live: Live) -> None:
    ids = _queue(live, TEAM_CHAT, COMMUNE_CHAT, COMMUNE_CHAT, TEAM_CHAT)
    engine = _engine(live)
    held = HeldWrites(engine)
    held.release.set()  # count only
    try:
        # Lingering ends as soon as the second record comes, so a long linger costs
        # nothing; a short one (0.5 s) ran out on a busy machine before the check below.
        records = SentRecords(engine, linger=5)
        records.sending()  # two sends under way
        records.sending()
        writer = threading.Thread(target=records.sent, args=(ids[0], "501"))
        writer.start()
        time.sleep(0.1)
        assert _status(live)[0] == ("pending", None)  # lingering: a record may come
        started = time.monotonic()
        records.sent(ids[1], "502")
        writer.join(5)
        assert time.monotonic() - started < 4  # written at once, not after lingering
        assert _status(live)[:2] == [("sent", "501"), ("sent", "502")] and held.writes == 1

        # A full batch is written at once, however long the writer would linger.
        records = SentRecords(engine, batch=2, linger=30)
        for _ in range(4):
            records.sending()
        started = time.monotonic()
        writer = threading.Thread(target=records.sent, args=(ids[2], "503"))
        writer.start()
        time.sleep(0.1)
        records.sent(ids[3], "504")
        writer.join(5)
        assert [status for status, _ in _status(live)] == ["sent"] * 4 and held.writes == 2
        assert time.monotonic() - started < 5

        # Two sends were still under way: one is accepted, the other comes to nothing.
        ids = _queue(live, TEAM_CHAT)
        writer = threading.Thread(target=records.sent, args=(ids[-1], "505"))
        writer.start()
        time.sleep(0.1)
        assert writer.is_alive()
        records.not_sent()
        writer.join(5)
        assert _status(live)[-1] == ("sent", "505") and time.monotonic() - started < 5
    finally:
        held.remove()


class CountedWakes(threading.Condition):
    """The records' condition, telling when a thread waits on it and counting the
    calls that wake its waiters."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = threading.Event()
        self.wakes = 0

    def wait(self, timeout: float | None = None) -> bool:
        self.waiting.set()  # the lock is held: whoever takes it next finds this one waiting
        return super().wait(timeout)

    def notify_all(self) -> None:
        self.wakes += 1
        super().notify_all()


def test_the_lingering_writer_is_woken_only_when_it_can_write(live: Live) -> None:
    """Not at each record that leaves it short of a batch while sends are under way:
    those wakes cost the senders more CPU than the writes."""
    ids = _queue(live, TEAM_CHAT, COMMUNE_CHAT, TEAM_CHAT)
    records = SentRecords(_engine(live), batch=4, linger=30)
    records._changed = changed = CountedWakes()
    for _ in range(3):
        records.sending()
    writer = threading.Thread(target=records.sent, args=(ids[0], "501"))
    writer.start()
    assert changed.waiting.wait(5)  # lingering: two sends are under way
    records.sent(ids[1], "502")  # one still under way: lingering goes on, unwoken
    assert changed.wakes == 0
    records.sent(ids[2], "503")  # none: the writer has all it waits for, and is woken
    writer.join(5)
    assert not writer.is_alive()  # not lingering on for its 30 s
    assert [status for status, _ in _status(live)] == ["sent"] * 3


def test_a_lone_sender_never_waits_for_records_that_cannot_come(live: Live) -> None:
    ids = _queue(live, TEAM_CHAT)
    records = SentRecords(_engine(live), linger=30)
    records.sending()
    started = time.monotonic()
    records.sent(ids[0], "501")
    assert _status(live) == [("sent", "501")] and time.monotonic() - started < 5


def test_sends_accepted_during_a_write_share_the_next_one(live: Live) -> None:
    ids = _queue(live, TEAM_CHAT, TEAM_CHAT, COMMUNE_CHAT)
    engine = _engine(live)
    records, held = SentRecords(engine), HeldWrites(engine)
    try:
        writer = threading.Thread(target=records.sent, args=(ids[0], "501"))
        writer.start()
        assert held.held.wait(5)
        records.sent(ids[1], "502")  # returns at once: the writer will take it
        records.sent(ids[2], "503")
        assert _status(live) == [("pending", None)] * 3
        held.release.set()
        writer.join(5)
        assert _status(live) == [("sent", "501"), ("sent", "502"), ("sent", "503")]
        assert held.writes == 2  # the first record alone, then the two that came meanwhile
    finally:
        held.release.set()
        held.remove()


def test_a_slow_store_holds_back_the_senders_instead_of_piling_up_records(live: Live) -> None:
    ids = _queue(live, TEAM_CHAT, TEAM_CHAT, COMMUNE_CHAT, COMMUNE_CHAT)
    engine = _engine(live)
    records, held = SentRecords(engine, batch=2), HeldWrites(engine)
    try:
        writer = threading.Thread(target=records.sent, args=(ids[0], "501"))
        writer.start()
        assert held.held.wait(5)
        records.sent(ids[1], "502")
        third = threading.Thread(target=records.sent, args=(ids[2], "503"))
        third.start()
        third.join(0.3)
        assert third.is_alive()  # two wait already: this sender waits for the writer
        held.release.set()
        third.join(5)
        writer.join(5)
        records.sent(ids[3], "504")
        assert [status for status, _ in _status(live)] == ["sent"] * 4
    finally:
        held.release.set()
        held.remove()


def test_records_a_failed_write_could_not_keep_are_written_by_the_next(
    live: Live, tmp_path: Path
) -> None:
    ids = _queue(live, TEAM_CHAT, COMMUNE_CHAT)
    records = SentRecords(make_engine(f"sqlite:///{tmp_path}/no/such/folder/x.db"))
    with pytest.raises(Exception, match="unable to open"):
        records.sent(ids[0], "501")
    records.engine = _engine(live)
    records.sent(ids[1], "502")
    assert _status(live) == [("sent", "501"), ("sent", "502")]


def test_a_chat_stuck_in_retries_does_not_hold_back_the_records_of_the_others(
    live: Live, sync: Sync
) -> None:
    _queue(live, TEAM_CHAT, COMMUNE_CHAT)
    adapter = sync.sender.adapters["telegram"]
    original, release = adapter.send, threading.Event()

    def slow_in_the_team_chat(message: Outbound) -> str:
        if message.chat_id == TEAM_CHAT:
            assert release.wait(10)
        return original(message)

    adapter.send = slow_in_the_team_chat  # type: ignore[method-assign]
    sending = threading.Thread(target=sync.sender.send_due, kwargs={"drain": True})
    sending.start()
    try:
        deadline = time.monotonic() + 5
        while _rows(live)[1].status != "sent" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [r.status for r in _rows(live)] == ["pending", "sent"]
    finally:
        release.set()
        sending.join()
    assert [r.status for r in _rows(live)] == ["sent", "sent"]


def test_what_was_sent_is_recorded_when_a_refused_token_stops_sending(
    live: Live, sync: Sync
) -> None:
    _queue(live, COMMUNE_CHAT, TEAM_CHAT)
    sync.sender.workers = 1  # the commune chat first, then the team chat
    adapter = sync.sender.adapters["telegram"]
    original = adapter.send

    def revoked_on_the_second(message: Outbound) -> str:
        if message.chat_id == TEAM_CHAT:
            raise AuthFailed("telegram refused the bot token (401 Unauthorized)")
        return original(message)

    adapter.send = revoked_on_the_second  # type: ignore[method-assign]
    with pytest.raises(AuthFailed):
        sync.sender.send_due(drain=True)
    assert [r.status for r in _rows(live)] == ["sent", "pending"]
    assert [s.text for s in live.telegram.sent] == ["tin 0"]
