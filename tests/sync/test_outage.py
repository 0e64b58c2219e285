"""A platform that cannot be reached: messages wait (they are not failed), the other
channel and the journal go on, `--once` ends soon with one line per channel and a
non-zero exit, and what is no longer worth sending ends `expired`.

The platforms here: a loopback port that refuses connections, one that accepts and
never answers, and the fake Bot API answering 502 or 429 before it works again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from adapters.backoff import Backoff
from tests.adapters.loopback import HangingServer, closed_port
from tests.e2e.conftest import Live
from tests.sync.conftest import FakeTime, make_sync
from tracker.clock import parse_moment
from tracker.journal import record
from tracker.messages import Inbound, Outbound
from tracker.store.models import InboundMessage, OutboxMessage
from tracker.sync.loop import Sync
from tracker.sync.outbox import queue

TEAM_CHAT = "-1001000000002"
NOW = "2026-11-22T17:30"  # after the digest time


@pytest.fixture
def live(live_any: Live) -> Live:
    return live_any


def _sync(live: Live, fake_time: FakeTime, now: str = NOW, timeout: float = 0.3) -> Sync:
    return make_sync(live, fake_time, now, pacing=False, timeout=timeout)


@pytest.fixture
def telegram_down(live: Live, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Telegram's address is a closed port: every connection is refused."""
    url = closed_port()
    monkeypatch.setenv("TRACKER_TELEGRAM_API_BASE", url)
    yield url


def _outbox(live: Live) -> list[OutboxMessage]:
    with live.tracker.sessions()() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _webhook_report(live: Live, chat: str, user: str, text: str, message_id: str) -> None:
    """A report that arrived by webhook (`tracker serve`) and waits in the journal."""
    channel = "telegram" if chat.startswith("-") else "zalo"
    message = Inbound(
        channel, chat, message_id, parse_moment("2026-11-22T09:00"), text, sender_id=user
    )
    with live.tracker.sessions().begin() as session:
        record(session, [message])


def test_an_unreachable_channel_holds_up_neither_the_other_nor_the_journal(
    live: Live, telegram_down: str, fake_time: FakeTime
) -> None:
    _webhook_report(live, TEAM_CHAT, "1001", "/bc ttdt 3", "501")
    live.zalo.post("zg-1", "z1004", "/bc ttdt 7")
    syncer = _sync(live, fake_time)
    try:
        stats = syncer.cycle(drain=True)
    finally:
        syncer.close()
    assert stats.counted == 2 and stats.failed == 0
    with live.tracker.sessions()() as session:
        statuses = set(session.scalars(select(InboundMessage.status)))
    assert statuses == {"counted"}
    rows = _outbox(live)
    # Zalo's reply and digest went; every Telegram message waits, none failed.
    assert {(r.channel, r.status) for r in rows} == {("zalo", "sent"), ("telegram", "pending")}
    assert [r.kind for r in rows if r.channel == "zalo"].count("reply") == 1
    assert any(r.kind == "reply" and r.channel == "telegram" for r in rows)
    assert len(live.zalo.sent) == len([r for r in rows if r.channel == "zalo"])
    assert [c.name for c in syncer.unreachable()] == ["telegram"]


def test_messages_stay_queued_through_a_long_outage_and_go_when_it_ends(
    live: Live, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_ZALO_TOKEN")
    with live.tracker.sessions().begin() as session:
        queue(session, [Outbound("telegram", TEAM_CHAT, "tin", "test:outage", "notice")])
    # Twelve cycles' worth of tries (five each), more than the ten that used to fail it.
    live.telegram.inject("sendMessage", *["502"] * 5 * 12)
    syncer = _sync(live, fake_time, now="2026-11-22T10:00")
    try:
        for _ in range(12):
            syncer.cycle(drain=False)
            fake_time.sleep(1000)  # past the message's back-off
        (row,) = _outbox(live)
        assert row.status == "pending" and "HTTP 502" in (row.last_error or "")
        live.telegram.faults.clear()  # the platform is back
        syncer.cycle(drain=True)
    finally:
        syncer.close()
    assert _outbox(live)[0].status == "sent"
    assert [s.text for s in live.telegram.sent] == ["tin"]
    assert syncer.unreachable() == []


def test_a_hanging_platform_costs_a_timeout_not_one_per_message(
    live: Live, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    with live.tracker.sessions().begin() as session:
        queue(
            session,
            [Outbound("telegram", TEAM_CHAT, f"tin {n}", f"test:{n}", "notice") for n in range(14)],
        )
    with HangingServer() as hanging:
        monkeypatch.setenv("TRACKER_TELEGRAM_API_BASE", hanging.url)
        syncer = _sync(live, fake_time, timeout=0.2)
        started = time.monotonic()
        try:
            syncer.cycle(drain=True)
        finally:
            syncer.close()
        elapsed = time.monotonic() - started
    # getUpdates' five tries of 0.2 s each, then nothing more is tried on Telegram.
    assert elapsed < 5
    telegram = [r for r in _outbox(live) if r.channel == "telegram"]
    assert {r.status for r in telegram} == {"pending"} and len(telegram) >= 14
    assert [c.name for c in syncer.unreachable()] == ["telegram"]


def test_throttled_or_502_then_ok_is_sent_once(live: Live, fake_time: FakeTime) -> None:
    live.telegram.inject("sendMessage", "502", "429")
    with live.tracker.sessions().begin() as session:
        queue(session, [Outbound("telegram", TEAM_CHAT, "tin", "test:502", "notice")])
    syncer = _sync(live, fake_time)
    try:
        syncer.cycle(drain=True)
    finally:
        syncer.close()
    (row,) = [r for r in _outbox(live) if r.idempotency_key == "test:502"]
    assert row.status == "sent"
    assert [s.text for s in live.telegram.sent if s.text == "tin"] == ["tin"]


def test_a_definite_refusal_fails_at_once(live: Live, fake_time: FakeTime) -> None:
    with live.tracker.sessions().begin() as session:
        queue(session, [Outbound("telegram", "-1009999", "tin", "test:gone", "notice")])
    live.telegram.kicked.add("-1009999")
    syncer = _sync(live, fake_time)
    try:
        syncer.cycle(drain=True)
    finally:
        syncer.close()
    (row,) = [r for r in _outbox(live) if r.idempotency_key == "test:gone"]
    assert row.status == "failed" and row.attempts == 1


def _age(live: Live, key: str, created: str) -> None:
    with live.tracker.sessions().begin() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.idempotency_key == key)
            .values(created_at=parse_moment(created), last_error="network error: ConnectError")
        )


def test_what_is_no_longer_useful_expires_with_its_reason(live: Live, fake_time: FakeTime) -> None:
    old_digest = "digest:telegram:-1001000000002:2026-11-21"
    with live.tracker.sessions().begin() as session:
        queue(
            session,
            [
                Outbound("telegram", TEAM_CHAT, "hôm qua", old_digest, "digest"),
                Outbound("telegram", TEAM_CHAT, "đã ghi nhận", "reply:old", "reply"),
                Outbound("telegram", TEAM_CHAT, "đã ghi nhận", "reply:today", "reply"),
            ],
        )
    _age(live, old_digest, "2026-11-21T17:00")  # the next digest is due at 17:00 on the 22nd
    _age(live, "reply:old", "2026-11-21T23:50")  # its day ended at midnight
    _age(live, "reply:today", "2026-11-22T08:00")
    syncer = _sync(live, fake_time, now="2026-11-22T17:10")
    try:
        stats = syncer.cycle(drain=True)
    finally:
        syncer.close()
    rows = {r.idempotency_key: r for r in _outbox(live)}
    assert rows[old_digest].status == "expired"
    assert "next digest" in (rows[old_digest].last_error or "")
    assert "ConnectError" in (rows[old_digest].last_error or "")
    assert rows["reply:old"].status == "expired"
    assert rows["reply:today"].status == "sent"
    assert stats.expired == 2 and "expired 2" in stats.line()
    assert "hôm qua" not in [s.text for s in live.telegram.sent]


def test_once_ends_soon_says_which_channel_is_down_and_fails(
    live: Live, telegram_down: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_SYNC_TIMEOUT", "0.5")
    monkeypatch.setattr(Backoff, "delay", lambda self, attempt: 0.01)
    live.zalo.post("zg-1", "z1004", "/bc ttdt 7")
    started = time.monotonic()
    result = live.tracker("sync", "--once", "--now", NOW, "--no-pacing")
    assert time.monotonic() - started < 30
    assert result.exit_code == 3
    down = [line for line in result.stderr.splitlines() if "cannot be reached" in line]
    assert len(down) == 1 and down[0].split(" ")[3] == "telegram:", result.stderr
    assert "Traceback" not in result.stderr
    assert "telegram could not be reached" in result.stderr.splitlines()[-1]
    assert {r.status for r in _outbox(live) if r.channel == "zalo"} == {"sent"}


def test_a_timeout_setting_must_be_a_positive_number(live: Live, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TRACKER_SYNC_SEND_TIMEOUT", "soon")
    result = live.tracker("sync", "--once")
    assert result.exit_code == 1 and "TRACKER_SYNC_SEND_TIMEOUT = 'soon'" in result.output
