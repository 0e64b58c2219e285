"""What Telegram sends besides reports: commands meant for another bot, a group's move
to a supergroup, and the two 409 conflicts of getUpdates."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from adapters.telegram import TelegramAdapter
from tests.e2e.conftest import Live
from tests.sync.conftest import FakeTime, make_sync
from tracker.journal import record
from tracker.messages import Outbound
from tracker.store.models import AuditEntry, Chat, InboundMessage, OutboxMessage, ReportEntry
from tracker.sync.channels import Channel, pull_channel
from tracker.sync.loop import Sync
from tracker.sync.outbox import queue

TEAM_CHAT = "-1001000000002"
OLD_GROUP, SUPERGROUP = "-4012345678", "-1002212345678"  # a group, and what it became


def _sync(live: Live, fake_time: FakeTime) -> Sync:
    # Before the digest time: replies only.
    return make_sync(live, fake_time, "2026-11-22T10:00", pacing=False)


def _cycle(live: Live, fake_time: FakeTime) -> None:
    syncer = _sync(live, fake_time)
    try:
        syncer.cycle(drain=True)
    finally:
        syncer.close()


# -- commands addressed to a bot -----------------------------------------------------


def test_a_command_for_another_bot_is_chat_and_one_for_us_counts(
    live: Live, fake_time: FakeTime
) -> None:
    live.telegram.post(TEAM_CHAT, "1001", "/bc@another_bot ttdt 5")
    live.telegram.post(TEAM_CHAT, "1001", "/bc@CNCD_bot ttdt 2")  # ours (getMe: cncd_bot)
    live.telegram.post(TEAM_CHAT, "1001", "/start@another_bot")
    _cycle(live, fake_time)
    with live.tracker.sessions()() as session:
        values = list(session.scalars(select(ReportEntry.value)))
        rows = session.execute(
            select(InboundMessage.text, InboundMessage.status, InboundMessage.reason).order_by(
                InboundMessage.id
            )
        ).all()
    assert values == [2]
    assert rows[0].status == "ignored" and "@another_bot" in (rows[0].reason or "")
    assert rows[1].status == "counted"
    assert rows[2].status == "ignored"
    assert len(live.telegram.replies()) == 1
    assert len(live.telegram.calls_to("getMe")) == 1  # learnt once, then kept


def _update(text: str, chat: str = TEAM_CHAT) -> dict[str, Any]:
    """A group message as the Bot API delivers it to a webhook."""
    return {
        "update_id": 90001,
        "message": {
            "message_id": 777,
            "from": {"id": 1001, "is_bot": False, "first_name": "An", "language_code": "vi"},
            "chat": {"id": int(chat), "title": "CNCĐ nhóm", "type": "supergroup"},
            "date": 1795000000,
            "text": text,
            "entities": [{"offset": 0, "length": text.index(" "), "type": "bot_command"}],
        },
    }


def test_webhook_updates_tell_the_addressee_the_same_way(live: Live) -> None:
    adapter = TelegramAdapter(live.telegram.token, live.telegram.url, timeout=1.0)
    try:
        (other,) = adapter.parse_webhook(_update("/bc@another_bot ttdt 5"))
        (ours,) = adapter.parse_webhook(_update("/bc@cncd_bot ttdt 5"))
        (plain,) = adapter.parse_webhook(_update("/bc ttdt 5"))
    finally:
        adapter.close()
    assert other.ignored and "another_bot" in other.ignored
    assert ours.ignored is None and plain.ignored is None


# -- a group becomes a supergroup ----------------------------------------------------


def _bind_old_group(live: Live) -> None:
    with live.tracker.sessions().begin() as session:
        chat = session.scalars(select(Chat).where(Chat.chat_id == TEAM_CHAT)).one()
        chat.chat_id = OLD_GROUP
        queue(session, [Outbound("telegram", OLD_GROUP, "nhắc việc", "test:queued", "notice")])


MIGRATE_TO = {  # in the old group: its last message
    "message_id": 311,
    "from": {"id": 1001, "is_bot": False, "first_name": "An"},
    "chat": {
        "id": int(OLD_GROUP),
        "title": "CNCĐ_Hội Yên_Ngũ Hùng",
        "type": "group",
        "all_members_are_administrators": True,
    },
    "date": 1795000100,
    "migrate_to_chat_id": int(SUPERGROUP),
}
MIGRATE_FROM = {  # in the new supergroup: its first message
    "message_id": 1,
    "from": {
        "id": 1087968824,
        "is_bot": True,
        "first_name": "Group",
        "username": "GroupAnonymousBot",
    },
    "sender_chat": {"id": int(SUPERGROUP), "title": "CNCĐ_Hội Yên_Ngũ Hùng", "type": "supergroup"},
    "chat": {"id": int(SUPERGROUP), "title": "CNCĐ_Hội Yên_Ngũ Hùng", "type": "supergroup"},
    "date": 1795000100,
    "migrate_from_chat_id": int(OLD_GROUP),
}


def _after_the_move(live: Live) -> None:
    with live.tracker.sessions()() as session:
        chat = session.scalars(select(Chat).where(Chat.title == "CNCĐ_Hội Yên_Ngũ Hùng")).one()
        assert chat.chat_id == SUPERGROUP
        queued = session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == "test:queued")
        ).one()
        assert queued.chat_id == SUPERGROUP
        (audit,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "move")).all()
        assert audit.entity_key == f"telegram:{OLD_GROUP}"
        assert audit.after["chat_id"] == SUPERGROUP


@pytest.mark.parametrize("announcements", [[MIGRATE_TO, MIGRATE_FROM], [MIGRATE_FROM]])
def test_polling_follows_the_move_when_it_is_announced(
    live: Live, fake_time: FakeTime, announcements: list[dict[str, Any]]
) -> None:
    _bind_old_group(live)
    for message in announcements:
        live.telegram.post_other("message", message)
    live.telegram.post(SUPERGROUP, "1001", "/bc ttdt 3")
    _cycle(live, fake_time)
    _after_the_move(live)
    # Sent straight to the new id: no send to the old one had to fail first.
    assert {s.chat_id for s in live.telegram.sent} == {SUPERGROUP}
    with live.tracker.sessions()() as session:
        assert list(session.scalars(select(ReportEntry.value))) == [3]


def test_a_webhook_announcement_moves_the_chat_as_it_is_stored(live: Live) -> None:
    _bind_old_group(live)
    adapter = TelegramAdapter(live.telegram.token, live.telegram.url, timeout=1.0)
    try:
        with live.tracker.sessions().begin() as session:  # what `tracker serve` does
            record(session, adapter.parse_webhook({"update_id": 5, "message": MIGRATE_TO}))
        with live.tracker.sessions().begin() as session:  # the second announcement: no-op
            record(session, adapter.parse_webhook({"update_id": 6, "message": MIGRATE_FROM}))
    finally:
        adapter.close()
    _after_the_move(live)
    assert live.telegram.sent == []


# -- 409 from getUpdates -------------------------------------------------------------


def _channel(live: Live, fake_time: FakeTime) -> Channel:
    adapter = TelegramAdapter(
        live.telegram.token, live.telegram.url, timeout=1.0, sleep=fake_time.sleep
    )
    return Channel("telegram", adapter)


def test_another_poller_is_waited_out_not_taken_for_a_webhook(
    live: Live, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    channel = _channel(live, fake_time)
    sessions = live.tracker.sessions()
    live.telegram.inject("getUpdates", "conflict")
    live.telegram.post(TEAM_CHAT, "1001", "/bc ttdt 1")
    with caplog.at_level(logging.WARNING, logger="tracker.sync"):
        assert pull_channel(sessions, channel, clock=fake_time.clock) == 0
    (line,) = [r.getMessage() for r in caplog.records]
    assert "another process is polling" in line and "webhook" not in line
    fake_time.sleep(31)
    assert pull_channel(sessions, channel, clock=fake_time.clock) == 1
    channel.adapter.close()


def test_a_webhook_set_is_said_once_and_polling_resumes_when_it_is_gone(
    live: Live, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    channel = _channel(live, fake_time)
    sessions = live.tracker.sessions()
    live.telegram.webhook = {"url": "https://example.org/hook"}
    live.telegram.post(TEAM_CHAT, "1001", "/bc ttdt 1")
    with caplog.at_level(logging.WARNING, logger="tracker.sync"):
        for _ in range(3):
            assert pull_channel(sessions, channel, clock=fake_time.clock) == 0
            fake_time.sleep(301)
    assert len([r for r in caplog.records if "webhook is set" in r.getMessage()]) == 1
    live.telegram.webhook = None  # someone ran deleteWebhook
    fake_time.sleep(301)
    assert pull_channel(sessions, channel, clock=fake_time.clock) == 1
    channel.adapter.close()


def test_an_export_counts_a_command_with_a_bot_name_as_before(live: Live, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Telegram Desktop exports are history of our own groups: `/bc@…` there counts,
    as it always did (no bot is asked who it is)."""
    import json

    export = {
        "name": "CNCĐ_Hội Yên_Ngũ Hùng",
        "type": "private_supergroup",
        "id": 1000000002,
        "messages": [
            {
                "id": 3,
                "type": "message",
                "date": "2026-11-03T09:00:00",
                "date_unixtime": "1793671200",
                "from": "Trần Thị Bình",
                "from_id": "user1002",
                "text": [{"type": "bot_command", "text": "/bc@cncd_tracker_bot"}, " ttdt 4"],
            }
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert "counted: 1" in live.tracker.ok("ingest", str(path)).output
    assert live.telegram.calls_to("getMe") == []
