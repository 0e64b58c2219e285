"""The daily standing by private message: at the digest time each member known in
private gets their team's standing there, once a day; /tatbantin stops it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.store.test_private_reports import deliver, telegram_private, zalo_private
from tracker.clock import parse_moment
from tracker.config import Settings
from tracker.store.models import Member, OutboxMessage
from tracker.sync.schedule import queue_due

LIMITS = {"telegram": 4096, "zalo": 2000}
SETTINGS = Settings(db_url="sqlite://")

pytestmark = pytest.mark.clock


@pytest.fixture
def sessions(tracker: Tracker):  # type: ignore[no-untyped-def]
    factory = tracker.sessions()
    with factory.begin() as session:
        build_world(session)
    deliver(
        factory,
        telegram_private(1, 1001, "/bc CNCD_NH ttdt 3"),  # An, in two teams
        telegram_private(2, 1003, "/bc ttdt 30"),  # Cường, Phú Khê
        telegram_private(3, 1003, "/batbantin"),  # on already: stays on
        zalo_private("zm1", "z1004", "/bc ttdt 4"),  # Dung, Đông Tảo ...
        zalo_private("zm2", "z1004", "/tatbantin"),  # ... who turns it off
    )
    # Bình (1002) writes only in her team's group: the bot has no private chat with her.
    return factory


def outbox(sessions, prefix: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.idempotency_key.like(f"{prefix}%"))
            .order_by(OutboxMessage.idempotency_key)
        )
        return [(row.idempotency_key, row.chat_id, row.text) for row in rows]


def test_at_the_digest_time_each_member_known_in_private_gets_one_standing(
    sessions, clock_at: Callable[[str], None]
) -> None:  # type: ignore[no-untyped-def]
    clock_at("2026-11-20T17:00:00+07:00")
    assert queue_due(sessions, SETTINGS, parse_moment("2026-11-20T16:59"), LIMITS) == 0
    queue_due(sessions, SETTINGS, parse_moment("2026-11-20T17:00"), LIMITS)
    sent = outbox(sessions, "standing:")
    assert [(key, chat) for key, chat, _ in sent] == [
        ("standing:telegram:1001:2026-11-20", "1001"),
        ("standing:telegram:1003:2026-11-20", "1003"),
    ]
    an, cuong = sent[0][2], sent[1][2]
    # One message for the person, with each of their teams.
    assert "📋 Bản tin riêng · CNCĐ_Hội Yên_Ngũ Hùng" in an
    assert "📋 Bản tin riêng · Tổ CNSCĐ xã Ngũ Hùng" in an
    assert an.endswith("Gõ /tatbantin để tắt bản tin riêng.")
    assert cuong.splitlines()[:3] == [
        "📋 Bản tin riêng · CNCĐ_Phú Khê_Ngũ Hùng",
        "Ngày 20/11/2026 · tháng 11/2026",
        "Hạng 1/2 trong Xã Ngũ Hùng · điểm 20%",
    ]
    assert (
        "Hộ có tài khoản thanh toán điện tử\n    30/75 (40%) · hạng 1/2\n    còn thiếu 45" in cuong
    )
    assert "Hồ sơ dịch vụ công trực tuyến\n    0/20 (0%) · hạng 1/2\n    còn thiếu 20" in cuong
    assert "⏰ Báo cáo tháng: chưa nộp, trễ 2 ngày (hạn 18/11)" in cuong
    assert "⚠️ Nhiệm vụ quá hạn\n• ZALO1 Lập nhóm Zalo thôn (hạn 15/11)" in cuong
    # Later the same day, and a restart: nothing new.
    assert queue_due(sessions, SETTINGS, parse_moment("2026-11-20T21:00"), LIMITS) == 0
    assert outbox(sessions, "standing:") == sent
    # The next day, again once each.
    queue_due(sessions, SETTINGS, parse_moment("2026-11-21T17:05"), LIMITS)
    assert len(outbox(sessions, "standing:")) == 4


def test_no_standing_text_shows_a_whole_phone_number(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        phones = {phone for phone in session.scalars(select(Member.phone)) if phone}
    queue_due(sessions, SETTINGS, parse_moment("2026-11-16T17:00"), LIMITS)
    texts = [text for _, _, text in outbox(sessions, "")]
    assert texts and phones
    assert not [text for text in texts for phone in phones if phone[1:] in text]


def test_reminders_before_the_deadline_go_to_the_private_chats_too(sessions) -> None:  # type: ignore[no-untyped-def]
    queue_due(sessions, SETTINGS, parse_moment("2026-11-16T17:00"), LIMITS)
    reminders = [(key, chat) for key, chat, _ in outbox(sessions, "reminder:")]
    # Village teams are due on the 18th; Dung turned her standing off; the commune team
    # is due on the 20th, too far yet.
    assert reminders == [
        ("reminder:CNCD_HoiYen_NguHung:2026-11", "-1001000000002"),
        ("reminder:CNCD_HoiYen_NguHung:2026-11:private:telegram:1001", "1001"),
        ("reminder:CNCD_PhuKhe_NguHung:2026-11:private:telegram:1003", "1003"),
    ]
    texts = {key: text for key, _, text in outbox(sessions, "reminder:")}
    # In several teams, An is shown how to name the team; Cường needs not.
    assert texts["reminder:CNCD_HoiYen_NguHung:2026-11:private:telegram:1001"].endswith(
        "Gửi báo cáo bằng: /bcthang CNCD_HoiYen_NguHung tháng 11/2026"
    )
    assert texts["reminder:CNCD_PhuKhe_NguHung:2026-11:private:telegram:1003"].endswith(
        "Gửi báo cáo bằng: /bcthang tháng 11/2026"
    )
    queue_due(sessions, SETTINGS, parse_moment("2026-11-17T17:00"), LIMITS)
    assert [(key, chat) for key, chat, _ in outbox(sessions, "reminder:")] == reminders


def test_batbantin_brings_it_back(sessions) -> None:  # type: ignore[no-untyped-def]
    deliver(sessions, zalo_private("zm3", "z1004", "/batbantin"))
    queue_due(sessions, SETTINGS, parse_moment("2026-11-20T17:00"), LIMITS)
    chats = [chat for _, chat, _ in outbox(sessions, "standing:")]
    assert chats == ["1001", "1003", "z1004"]


def test_in_english_by_setting(sessions) -> None:  # type: ignore[no-untyped-def]
    english = Settings(db_url="sqlite://", language="en")
    queue_due(sessions, english, parse_moment("2026-11-20T17:00"), LIMITS)
    cuong = outbox(sessions, "standing:telegram:1003")[0][2]
    assert cuong.splitlines()[0] == "📋 Your standing · CNCĐ_Phú Khê_Ngũ Hùng"
    assert "Households with e-payment\n    30/75 (40%) · rank 1/2\n    45 still missing" in cuong
    assert "⏰ Monthly report: missing, 2 days late (due 2026-11-18)" in cuong
    assert cuong.endswith("Type /tatbantin to stop this private standing.")


def test_one_person_known_in_private_on_two_channels_gets_it_once(sessions) -> None:  # type: ignore[no-untyped-def]
    # An also writes to the Zalo bot in private (z1001, both of his teams).
    deliver(sessions, zalo_private("zm9", "z1001", "chào bot"))
    queue_due(sessions, SETTINGS, parse_moment("2026-11-20T17:00"), LIMITS)
    assert [(key, chat) for key, chat, _ in outbox(sessions, "standing:")] == [
        ("standing:telegram:1001:2026-11-20", "1001"),
        ("standing:telegram:1003:2026-11-20", "1003"),
    ]


def test_a_monthly_report_sent_in_private_shows_in_the_standing(sessions) -> None:  # type: ignore[no-untyped-def]
    deliver(sessions, telegram_private(5, 1003, "/bcthang tháng 11\nKhó khăn: mưa bão"))
    queue_due(sessions, SETTINGS, parse_moment("2026-11-20T17:00"), LIMITS)
    cuong = outbox(sessions, "standing:telegram:1003")[0][2]
    # Sent on the 20th, after the village deadline of the 18th.
    assert "📝 Báo cáo tháng: đã nộp muộn (hạn 18/11)" in cuong
    assert "chưa nộp" not in cuong
