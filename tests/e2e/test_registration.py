"""End to end: members join from chat by phone, against loopback Telegram and Zalo Bot
API servers, from a roster that has names and phones only (no chat ids).

A Zalo member reports before registering, registers with a dotted phone and reports
again; another registers with `đăng ký +84 …` and reports in words; a Telegram member
sends /start, shares their own contact and reports; someone shares another person's
contact and is not linked; an unknown phone waits in review until `tracker review link`.
At the digest time every member known in private gets their team's standing there.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, func, select

from tests.e2e.conftest import Live
from tests.pipeline_helpers import totals
from tracker.store.models import (
    InboundMessage,
    Member,
    MemberAccount,
    OutboxMessage,
    ReportEntry,
    ReviewItem,
)

NOW = "2026-11-22T10:00"  # before the digest time: this test is about joining
EVENING = "2026-11-22T17:30"  # after it: the private standings go out
ZERO = "received 0, counted 0, review 0, queued 0, sent 0, failed 0"
TEAM_CHAT = "-1001000000002"  # Hội Yên's Telegram group
DAY = 1_795_000_000  # 2026-11-18 18:06 in Vietnam

ROSTER = """team,name,role,phone
CNCD_HoiYen_NguHung,Nguyễn Văn An,leader,0912 345 678
CNCD_HoiYen_NguHung,Trần Thị Bình,deputy,+84 977 000 111
CNCD_PhuKhe_NguHung,Lê Văn Cường,leader,0933111222
CNCD_DongTao_DoanTung,Phạm Thị Dung,leader,0987654321
CNCD_DongTao_DoanTung,Vũ Văn Khánh,member,84966111222
CNCD_NH,Hoàng Văn Em,leader,0944555666
"""
PHONES = ["0912345678", "0977000111", "0933111222", "0987654321", "0966111222", "0944555666"]


def _roster(live: Live, tmp_path: Path) -> None:
    """The world's units, teams and quotas, with the members replaced by a names-and-phones
    roster imported from a file."""
    with live.tracker.sessions().begin() as session:
        session.execute(delete(MemberAccount))
        session.execute(delete(Member))
    roster = tmp_path / "thanh-vien.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    live.tracker.ok("import", "members", str(roster))
    with live.tracker.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(MemberAccount)) == 0


def _sync(live: Live, now: str = NOW) -> str:
    result = live.tracker.ok("sync", "--once", "--now", now, "--no-pacing")
    lines = [line for line in result.stderr.splitlines() if "sync:" in line]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _zalo(live: Live, user: str, text: str, minutes: int) -> None:
    """A message in the user's private chat with the Zalo bot (the only kind it sees)."""
    at = (DAY + minutes * 60) * 1000
    live.zalo.post(user, user, text, date_ms=at, group=False)


def _zalo_said(live: Live, user: str) -> list[str]:
    return [s.text for s in live.zalo.sent if s.chat_id == user]


def _telegram_said(live: Live, chat: str) -> list[str]:
    return [s.text for s in live.telegram.sent if s.chat_id == chat]


def test_members_join_from_chat_and_what_they_sent_before_counts(
    live: Live, tmp_path: Path
) -> None:
    _roster(live, tmp_path)
    tg = live.telegram

    # Dung reports on Zalo before she has registered: it waits in review.
    _zalo(live, "zu-dung", "/bc ttdt 3", 0)
    # Someone with a phone on nobody's roster line reports, then registers.
    _zalo(live, "zu-la", "/bc dvc 2", 1)
    _sync(live)
    with live.tracker.sessions()() as session:
        reasons = session.scalars(select(ReviewItem.reason).order_by(ReviewItem.id)).all()
        assert reasons == ["unknown_sender", "unknown_sender"]
        assert totals(session) == {}
    assert _zalo_said(live, "zu-dung")[0].startswith("Chưa tính: người gửi chưa có")

    # Dung registers with a dotted phone, and reports again.
    _zalo(live, "zu-dung", "/dangky 0987.654.321", 60)
    _zalo(live, "zu-dung", "/bc dvc 1", 61)
    # Khánh registers in words with the country code and reports in words.
    _zalo(live, "zu-khanh", "đăng ký +84 966 111 222", 62)
    _zalo(live, "zu-khanh", "Báo cáo: thanh toán điện tử 4 hộ", 63)
    # The stranger's phone matches nobody.
    _zalo(live, "zu-la", "/dk 0909 000 111", 64)
    # Bình opens the Telegram bot, shares her own number, and reports in her team's group.
    tg.post("2002", "2002", "/start", date=DAY + 3600, name="Trần Thị Bình")
    tg.post(
        "2002",
        "2002",
        "",
        date=DAY + 3660,
        name="Trần Thị Bình",
        contact={"phone_number": "84977000111", "first_name": "Bình", "user_id": 2002},
    )
    tg.post(TEAM_CHAT, "2002", "/bc ttdt 5", date=DAY + 3720, name="Trần Thị Bình")
    # Someone else shares An's contact card: it links nothing.
    tg.post(
        "3003",
        "3003",
        "",
        date=DAY + 3780,
        name="Người Khác",
        contact={"phone_number": "0912345678", "first_name": "An", "user_id": 1001},
    )
    line = _sync(live)
    assert "failed 0" in line

    with live.tracker.sessions()() as session:
        assert totals(session) == {
            ("CNCD_DongTao_DoanTung", "ttdt"): 7,  # Dung's held 3 + Khánh's 4
            ("CNCD_DongTao_DoanTung", "dvc"): 1,
            ("CNCD_HoiYen_NguHung", "ttdt"): 5,
        }
        held = session.scalars(
            select(ReportEntry)
            .join(InboundMessage, ReportEntry.message_id == InboundMessage.id)
            .where(InboundMessage.text == "/bc ttdt 3")
        ).one()
        assert held.local_date.isoformat() == "2026-11-18"  # its own date
        accounts = {
            (a.member.name, a.channel): (a.user_id, a.private_chat_id, a.linked_by)
            for a in session.scalars(select(MemberAccount))
        }
        assert accounts == {
            ("Phạm Thị Dung", "zalo"): ("zu-dung", "zu-dung", "self"),
            ("Vũ Văn Khánh", "zalo"): ("zu-khanh", "zu-khanh", "self"),
            ("Trần Thị Bình", "telegram"): ("2002", "2002", "self"),
        }
        waiting = session.scalars(
            select(ReviewItem).where(ReviewItem.status == "open").order_by(ReviewItem.id)
        ).all()
        assert [i.reason for i in waiting] == ["unknown_sender", "registration"]
        registration = waiting[1]

    dung = _zalo_said(live, "zu-dung")
    assert any(
        t.startswith("Đã đăng ký: Phạm Thị Dung, CNCĐ_Đông Tảo_Đoàn Tùng (số 09xx xxx 321)")
        for t in dung
    )
    assert sum(t.startswith("Đã ghi nhận cho CNCĐ_Đông Tảo_Đoàn Tùng:") for t in dung) == 2
    assert any("Vũ Văn Khánh" in t for t in _zalo_said(live, "zu-khanh"))
    assert _zalo_said(live, "zu-la")[-1] == (
        "Đã nhận yêu cầu đăng ký với số 09xx xxx 111. Cán bộ sẽ kiểm tra và xác nhận."
    )
    start_reply = next(s for s in tg.sent if s.chat_id == "2002")
    assert start_reply.reply_markup is not None
    assert start_reply.reply_markup["keyboard"][0][0]["request_contact"] is True
    assert any(t.startswith("Đã đăng ký: Trần Thị Bình") for t in _telegram_said(live, "2002"))
    assert "số điện thoại của người khác" in _telegram_said(live, "3003")[0]
    said_to_3003 = _telegram_said(live, "3003")[-1]

    # An officer decides who the stranger is; the report they sent first now counts.
    live.tracker.ok(
        "review", "link", str(registration.id), "--team", "CNCD_NH", "--member", "hoang van em"
    )
    _sync(live)
    with live.tracker.sessions()() as session:
        assert totals(session)[("CNCD_NH", "dvc")] == 2
        assert session.scalars(select(ReviewItem).where(ReviewItem.status == "open")).all() == []
    assert _zalo_said(live, "zu-la")[-1].startswith("Đã ghi nhận cho Tổ CNSCĐ xã Ngũ Hùng:")

    # No reply anywhere showed a whole phone number from the roster.
    said = [s.text for s in live.zalo.sent] + [s.text for s in tg.sent]
    assert not any(phone in text or phone[1:] in text for phone in PHONES for text in said)

    # At the digest time each member known in private gets their team's standing there,
    # once; nobody else does (the one who shared another's card least of all).
    _sync(live, EVENING)
    with live.tracker.sessions()() as session:
        known = set(
            session.scalars(
                select(MemberAccount.private_chat_id).where(
                    MemberAccount.private_chat_id.is_not(None)
                )
            )
        )
        standings = session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key.startswith("standing:"))
        ).all()
    assert {"zu-dung", "zu-khanh", "2002"} <= known and "3003" not in known
    assert sorted(m.chat_id for m in standings) == sorted(known)
    assert all(m.status == "sent" for m in standings)
    assert _telegram_said(live, "3003")[-1] == said_to_3003
    for chat in ("zu-dung", "zu-khanh"):
        assert "CNCĐ_Đông Tảo_Đoàn Tùng" in _zalo_said(live, chat)[-1]

    # Again: nothing changes, nothing is sent.
    with live.tracker.sessions()() as session:
        before = session.scalar(select(func.count()).select_from(OutboxMessage))
    assert _sync(live, EVENING).endswith(ZERO)
    with live.tracker.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == before
