"""Reports sent to the bot in private count for the sender's team, as in a group; a
member of several teams names the team; /tatbantin and /batbantin from chat.

Messages enter as the platforms send them: a Telegram Bot API update of a private chat
(chat id = user id, type private) and a Zalo Bot Platform event (every chat private).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from adapters.telegram import TelegramAdapter
from adapters.zalo import ZaloAdapter
from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import status, totals
from tracker.config import Settings
from tracker.journal import record
from tracker.reports.pipeline import process_pending
from tracker.store.models import AuditEntry, MemberAccount, OutboxMessage, ReviewItem

SETTINGS = Settings(db_url="sqlite://")


@pytest.fixture
def sessions(tracker: Tracker):  # type: ignore[no-untyped-def]
    factory = tracker.sessions()
    with factory.begin() as session:
        build_world(session)
    return factory


def telegram_private(message_id: int, user_id: int, text: str) -> dict[str, Any]:
    """A private message as the Bot API delivers it: the chat is the user."""
    person = {"id": user_id, "first_name": "An", "last_name": "Nguyễn Văn", "username": "an_nv"}
    return {
        "update_id": 900000 + message_id,
        "message": {
            "message_id": message_id,
            "from": {"is_bot": False, "language_code": "vi", **person},
            "chat": {**person, "type": "private"},
            "date": 1795054800,  # 2026-11-20 09:00 Vietnam time
            "text": text,
            "entities": [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}],
        },
    }


def zalo_private(message_id: str, user_id: str, text: str) -> dict[str, Any]:
    """A Zalo Bot Platform event: the user's private chat with the bot."""
    return {
        "ok": True,
        "result": {
            "event_name": "message.text.received",
            "message": {
                "message_id": message_id,
                "from": {"id": user_id, "display_name": "Phạm Thị Dung", "is_bot": False},
                "chat": {"id": user_id, "chat_type": "PRIVATE"},
                "date": 1795054800000,
                "text": text,
            },
        },
    }


def deliver(sessions, *payloads: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    telegram, zalo = TelegramAdapter("t"), ZaloAdapter("z")
    messages = []
    for payload in payloads:
        adapter = telegram if "update_id" in payload else zalo
        messages.extend(adapter.parse_webhook(payload))
    with sessions.begin() as session:
        record(session, messages)
    process_pending(sessions, SETTINGS)


def replies(sessions) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply"))
        return {row.reply_to: row.text for row in rows}


def test_a_report_in_private_counts_for_the_senders_team(sessions) -> None:  # type: ignore[no-untyped-def]
    deliver(
        sessions,
        telegram_private(11, 1003, "/bc ttdt 6"),  # Lê Văn Cường, Phú Khê only
        zalo_private("zm1", "z1004", "Báo cáo: thanh toán điện tử 4 hộ"),  # Dung, Đông Tảo
    )
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_PhuKhe_NguHung", "ttdt"): 6,
            ("CNCD_DongTao_DoanTung", "ttdt"): 4,
        }
    answered = replies(sessions)
    assert answered["11"].startswith("Đã ghi nhận cho CNCĐ_Phú Khê_Ngũ Hùng:")
    assert "TTDT +4 → 4/120" in answered["zm1"]


def test_a_member_of_several_teams_names_the_team_in_private(sessions) -> None:  # type: ignore[no-untyped-def]
    # Nguyễn Văn An (1001, z1001) is in the Hội Yên team and in the commune team.
    deliver(
        sessions,
        telegram_private(21, 1001, "/bc ttdt 7"),
        telegram_private(22, 1001, "/bc CNCD_NH ttdt 3"),
        telegram_private(23, 1001, "/bc Hội Yên: ttdt 5, dvc 2"),
        zalo_private("zm2", "z1001", "Báo cáo tổ Ngũ Hùng\nthanh toán điện tử 4 hộ"),
        telegram_private(24, 1001, "/bcthang thôn Hội Yên tháng 11\nKhó khăn: mưa"),
    )
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_NH", "ttdt"): 7,
            ("CNCD_HoiYen_NguHung", "ttdt"): 5,
            ("CNCD_HoiYen_NguHung", "dvc"): 2,
        }
        assert status(session, "21") == ("review", "ambiguous_team")
        assert status(session, "24") == ("counted", None)
        held = session.scalars(select(ReviewItem.reason)).all()
        assert held == ["ambiguous_team"]
    answered = replies(sessions)
    # The reply says why and how to name the team.
    assert "bạn thuộc nhiều tổ" in answered["21"]
    assert "CNCD_HoiYen_NguHung (CNCĐ_Hội Yên_Ngũ Hùng)" in answered["21"]
    assert '"/bc CNCD_NH …"' in answered["21"]
    assert answered["22"] == "Đã ghi nhận cho Tổ CNSCĐ xã Ngũ Hùng:\nTTDT +3 → 3"
    assert answered["zm2"] == "Đã ghi nhận cho Tổ CNSCĐ xã Ngũ Hùng:\nTTDT +4 → 7"
    assert "Đã nhận báo cáo tháng 11/2026 của CNCĐ_Hội Yên_Ngũ Hùng" in answered["24"]


def test_writing_in_private_remembers_the_chat_for_every_team_of_the_person(sessions) -> None:  # type: ignore[no-untyped-def]
    deliver(sessions, telegram_private(31, 1001, "chào bot"), zalo_private("zm3", "zx", "hi"))
    with sessions() as session:
        accounts = session.scalars(
            select(MemberAccount).where(MemberAccount.private_chat_id.is_not(None))
        ).all()
        assert sorted((a.channel, a.user_id, a.private_chat_id) for a in accounts) == [
            ("telegram", "1001", "1001"),
            ("telegram", "1001", "1001"),
        ]
    deliver(sessions, telegram_private(32, 1001, "/bc ttdt 1"))
    with sessions() as session:
        assert len(session.scalars(select(AuditEntry)).all()) == 2  # learnt once, not again


def test_tatbantin_then_batbantin(sessions) -> None:  # type: ignore[no-untyped-def]
    deliver(sessions, zalo_private("zm4", "z1004", "/tatbantin"))
    with sessions() as session:
        account = session.scalars(select(MemberAccount).where(MemberAccount.user_id == "z1004"))
        assert account.one().private_digest is False
    deliver(sessions, zalo_private("zm5", "z1004", "bật bản tin"))
    with sessions() as session:
        account = session.scalars(select(MemberAccount).where(MemberAccount.user_id == "z1004"))
        assert account.one().private_digest is True
        changes = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_key.like("%/zalo")).order_by(AuditEntry.id)
        ).all()
        assert [(c.actor, c.before, c.after) for c in changes] == [
            ("Phạm Thị Dung", {"private_chat_id": None}, {"private_chat_id": "z1004"}),
            ("Phạm Thị Dung", {"private_digest": True}, {"private_digest": False}),
            ("Phạm Thị Dung", {"private_digest": False}, {"private_digest": True}),
        ]
    answered = replies(sessions)
    assert answered["zm4"] == "Đã tắt bản tin riêng hằng ngày. Gõ /batbantin để bật lại."
    assert answered["zm5"].startswith("Đã bật bản tin riêng: mỗi ngày lúc 17:00")


def test_tatbantin_from_someone_unknown_says_how_to_register(sessions) -> None:  # type: ignore[no-untyped-def]
    deliver(sessions, telegram_private(41, 7777, "/tatbantin"))
    with sessions() as session:
        assert status(session, "41") == ("ignored", "unknown_sender")
        assert not session.scalars(select(AuditEntry)).all()
    assert replies(sessions)["41"].endswith("Đăng ký bằng: /dangky <số điện thoại của bạn>")
