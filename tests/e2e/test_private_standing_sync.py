"""End to end: members report to the bot in private on Telegram and Zalo, `tracker sync
--once` counts them, answers in private and, at the digest time, sends each of them
their team's standing there; a second run changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.e2e.conftest import Live
from tests.store.test_private_reports import telegram_private
from tests.sync.test_private_standing import outbox
from tracker.store.models import Member, MemberAccount

NOW = "2026-11-20T17:30"
ZERO = "received 0, counted 0, review 0, queued 0, sent 0, failed 0"

pytestmark = pytest.mark.clock


def _sync(live: Live) -> str:
    result = live.tracker.ok("sync", "--once", "--now", NOW, "--no-pacing")
    return next(line for line in result.stderr.splitlines() if "sync:" in line)


def test_reports_in_private_and_the_standing_in_private(
    live_any: Live, clock_at: Callable[[str], None]
) -> None:
    live = live_any
    clock_at(NOW)
    tg, zalo = live.telegram, live.zalo
    tg.post_other("message", telegram_private(1, 1001, "/bc CNCD_NH ttdt 3")["message"])
    tg.post_other("message", telegram_private(2, 1003, "/bc ttdt 30")["message"])
    tg.post("-1001000000002", "1002", "/bc ttdt 2", name="Trần Thị Bình")  # group only
    zalo.post("z1004", "z1004", "Báo cáo: thanh toán điện tử 4 hộ", group=False)
    zalo.post("z1004", "z1004", "/tatbantin", group=False)
    assert "failed 0" in _sync(live)

    private = {chat: [s.text for s in tg.sent if s.chat_id == chat] for chat in ("1001", "1003")}
    # A reply to the report, then the standing.
    assert private["1001"][0] == "Đã ghi nhận cho Tổ CNSCĐ xã Ngũ Hùng:\nTTDT +3 → 3"
    assert private["1001"][1].startswith("📋 Bản tin riêng · Tổ CNSCĐ xã Ngũ Hùng")
    assert "📋 Bản tin riêng · CNCĐ_Hội Yên_Ngũ Hùng" in private["1001"][1]
    assert private["1003"][1].startswith("📋 Bản tin riêng · CNCĐ_Phú Khê_Ngũ Hùng")
    assert len(private["1003"]) == 2
    # The commune team's monthly report is due today: its reminder comes in private too.
    assert private["1001"][2].startswith("⏰ Nhắc việc: Tổ CNSCĐ xã Ngũ Hùng chưa gửi báo cáo")
    assert len(private["1001"]) == 3
    # Dung turned it off: her replies only. Bình never wrote in private: nothing there.
    assert [s.text.split(":")[0] for s in zalo.sent if s.chat_id == "z1004"] == [
        "Đã ghi nhận cho CNCĐ_Đông Tảo_Đoàn Tùng",
        "Đã tắt bản tin riêng hằng ngày. Gõ /batbantin để bật lại.",
    ]
    assert not [s for s in tg.sent if s.chat_id == "1002"]
    keys = [key for key, _, _ in outbox(live.tracker.sessions(), "standing:")]
    assert keys == ["standing:telegram:1001:2026-11-20", "standing:telegram:1003:2026-11-20"]

    with live.tracker.sessions()() as session:
        phones = {p[1:] for p in session.scalars(select(Member.phone)) if p}
    assert not [s for s in [*tg.sent, *zalo.sent] for p in phones if p in s.text]

    assert _sync(live).endswith(ZERO)


def test_a_member_who_blocked_the_bot_is_not_written_to_again(
    live: Live, clock_at: Callable[[str], None]
) -> None:
    clock_at(NOW)
    live.telegram.post_other("message", telegram_private(2, 1003, "/bc ttdt 30")["message"])
    live.telegram.kicked.add("1003")  # Telegram answers 403: the user blocked the bot
    _sync(live)
    with live.tracker.sessions()() as session:
        account = session.scalars(select(MemberAccount).where(MemberAccount.user_id == "1003"))
        assert account.one().private_chat_id is None
    result = live.tracker.ok("sync", "--once", "--now", "2026-11-21T17:30", "--no-pacing")
    assert "failed 0" in result.stderr
    keys = [key for key, _, _ in outbox(live.tracker.sessions(), "standing:")]
    assert keys == ["standing:telegram:1003:2026-11-20"]
