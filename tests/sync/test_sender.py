"""Sending the outbox: pacing, lost and moved chats, throttling, refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.e2e.conftest import Live
from tests.sync.conftest import FakeTime
from tracker.messages import Outbound
from tracker.store.models import Chat, OutboxMessage
from tracker.sync.loop import Sync
from tracker.sync.outbox import queue

TEAM_CHAT, COMMUNE_CHAT = "-1001000000002", "-1001000000001"


@pytest.fixture
def live(live_any: Live) -> Live:
    """Sending is checked on each backend."""
    return live_any


def _queue(live: Live, *messages: Outbound) -> None:
    with live.tracker.sessions().begin() as session:
        assert queue(session, messages) == len(messages)


def _note(n: int, chat: str = TEAM_CHAT, channel: str = "telegram") -> Outbound:
    return Outbound(channel, chat, f"tin {n}", f"test:{channel}:{chat}:{n}", "notice")


def _outbox(live: Live) -> list[OutboxMessage]:
    with live.tracker.sessions()() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_one_message_a_second_per_chat(live: Live, sync: Sync, fake_time: FakeTime) -> None:
    _queue(live, _note(1), _note(2), _note(1, COMMUNE_CHAT), _note(3))
    stats = sync.sender.send_due(drain=True)
    assert (stats.sent, stats.failed) == (4, 0)
    assert [s.text for s in live.telegram.sent] == ["tin 1", "tin 1", "tin 2", "tin 3"]
    assert fake_time.sleeps == [pytest.approx(1.0), pytest.approx(1.0)]


def test_twenty_a_minute_per_group(live: Live, sync: Sync, fake_time: FakeTime) -> None:
    adapter = sync.sender.adapters["telegram"]
    original, moments = adapter.send, []

    def timed(message: Outbound) -> str:
        moments.append(fake_time.now)
        return original(message)

    adapter.send = timed  # type: ignore[method-assign]
    _queue(live, *[_note(n) for n in range(25)])
    assert sync.sender.send_due(drain=True).sent == 25
    assert all(sum(1 for m in moments if start <= m < start + 60) <= 20 for start in moments)
    assert moments[20] - moments[0] == pytest.approx(60.0)


def test_no_group_limit_where_the_platform_sets_none(
    live: Live, sync: Sync, fake_time: FakeTime
) -> None:
    _queue(live, *[_note(n, "zg-1", "zalo") for n in range(25)])
    assert sync.sender.send_due(drain=True).sent == 25
    assert sum(fake_time.sleeps) == pytest.approx(24.0)


def test_a_lost_chat_goes_inactive_and_the_officers_are_told(live: Live, sync: Sync) -> None:
    live.telegram.kicked.add(TEAM_CHAT)
    _queue(live, _note(1), _note(2))
    stats = sync.sender.send_due(drain=True)
    assert (stats.sent, stats.failed) == (1, 2)  # the notice; both messages to the lost chat
    with live.tracker.sessions()() as session:
        chat = session.scalars(select(Chat).where(Chat.chat_id == TEAM_CHAT)).one()
        assert chat.active is False
    rows = _outbox(live)
    assert [(r.kind, r.status) for r in rows] == [
        ("notice", "failed"),
        ("notice", "failed"),
        ("notice", "sent"),
    ]
    assert "kicked" in (rows[0].last_error or "") and rows[1].last_error == "the chat is inactive"
    told = live.telegram.sent[-1]
    assert told.chat_id == COMMUNE_CHAT and "CNCĐ_Hội Yên_Ngũ Hùng" in told.text
    assert len(live.telegram.calls_to("sendMessage")) == 2  # nothing more tried in the lost chat


def test_a_migrated_group_keeps_its_binding_and_gets_the_message(live: Live, sync: Sync) -> None:
    live.telegram.migrated[TEAM_CHAT] = "-1009999999999"
    _queue(live, _note(1), _note(2))
    assert sync.sender.send_due(drain=True).sent == 2
    assert [s.chat_id for s in live.telegram.sent] == ["-1009999999999"] * 2
    with live.tracker.sessions()() as session:
        chat = session.scalars(select(Chat).where(Chat.title == "CNCĐ_Hội Yên_Ngũ Hùng")).one()
        assert chat.chat_id == "-1009999999999"
    assert {r.chat_id for r in _outbox(live)} == {"-1009999999999"}


def test_too_many_requests_waits_as_told(live: Live, sync: Sync, fake_time: FakeTime) -> None:
    live.telegram.inject("sendMessage", "429")
    _queue(live, _note(1))
    assert sync.sender.send_due(drain=True).sent == 1
    assert fake_time.sleeps == [pytest.approx(3.0)]
    assert _outbox(live)[0].attempts == 2


def test_a_refused_message_fails_without_retrying(live: Live, sync: Sync) -> None:
    _queue(live, Outbound("telegram", TEAM_CHAT, "   ", "test:empty", "notice"))
    stats = sync.sender.send_due(drain=True)
    assert (stats.sent, stats.failed) == (0, 1)
    row = _outbox(live)[0]
    assert row.status == "failed" and "empty" in (row.last_error or "")


def test_without_drain_one_pass_leaves_paced_messages_for_later(
    live: Live, sync: Sync, fake_time: FakeTime
) -> None:
    _queue(live, _note(1), _note(2))
    assert sync.sender.send_due(drain=False).sent == 1
    fake_time.sleep(1.0)
    assert sync.sender.send_due(drain=False).sent == 1
