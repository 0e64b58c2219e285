"""Registration in chat (`/dangky PHONE`, `/start`), and held reports taken up once the
sender is known, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, msg, send, status, totals
from tracker.store.models import (
    AuditEntry,
    Member,
    MemberAccount,
    OutboxMessage,
    ReportEntry,
    ReviewItem,
    Team,
)

DAY = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
HOA = "0987654321"  # Đỗ Thị Hoa, Hội Yên, no account yet
KHANH = "0933111222"  # Vũ Văn Khánh, Phú Khê, no account yet


@pytest.fixture
def sessions(tracker: Tracker):  # type: ignore[no-untyped-def]
    factory = tracker.sessions()
    with factory.begin() as session:
        world = build_world(session)
        session.add_all(
            [
                Member(team=world.teams["CNCD_HoiYen_NguHung"], name="Đỗ Thị Hoa", phone=HOA),
                Member(team=world.teams["CNCD_PhuKhe_NguHung"], name="Vũ Văn Khánh", phone=KHANH),
            ]
        )
        binh = session.scalars(select(Member).where(Member.name == "Trần Thị Bình")).one()
        binh.phone = "0977000111"
    return factory


def replies(session, chat: str) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    query = select(OutboxMessage).where(OutboxMessage.chat_id == chat).order_by(OutboxMessage.id)
    return list(session.scalars(query))


def zalo(message_id: int, text: str, user: str, minutes: int = 0):  # type: ignore[no-untyped-def]
    """A message in the user's private chat with the Zalo bot (chat id = user id)."""
    at = DAY + timedelta(minutes=minutes)
    return msg(f"z{message_id}", text, sender=user, chat=user, at=at, channel="zalo")


def test_a_member_registers_and_the_report_held_before_counts_on_its_own_date(sessions) -> None:  # type: ignore[no-untyped-def]
    earlier = DAY - timedelta(days=3)
    send(
        sessions,
        msg("z1", "/bc ttdt 4", sender="zu-9", chat="zu-9", at=earlier, channel="zalo"),
    )
    with sessions() as session:
        assert status(session, "z1") == ("review", "unknown_sender")
        assert totals(session) == {}
    send(sessions, zalo(2, "/dangky 0987.654.321", "zu-9"), zalo(3, "/bc ttdt 2", "zu-9", 5))
    with sessions() as session:
        assert totals(session) == {("CNCD_HoiYen_NguHung", "ttdt"): 6}
        assert status(session, "z1")[0] == "counted"
        assert status(session, "z3")[0] == "counted"
        items = session.scalars(select(ReviewItem).where(ReviewItem.reason == "unknown_sender"))
        assert [(i.status, i.decided_by) for i in items] == [("accepted", "zalo:zu-9")]
        account = session.scalars(
            select(MemberAccount).where(MemberAccount.user_id == "zu-9")
        ).one()
        assert (account.member.name, account.channel) == ("Đỗ Thị Hoa", "zalo")
        assert (account.private_chat_id, account.linked_by) == ("zu-9", "self")
        assert account.linked_at is not None
        texts = [r.text for r in replies(session, "zu-9")]
        assert texts[0].startswith("Chưa tính: người gửi chưa có")
        assert "Đã đăng ký: Đỗ Thị Hoa, CNCĐ_Hội Yên_Ngũ Hùng (số 09xx xxx 321)." in texts[1]
        assert "1 báo cáo gửi trước đây" in texts[1]
        assert any(t.startswith("Đã ghi nhận cho CNCĐ_Hội Yên_Ngũ Hùng:\nTTDT +4") for t in texts)
        assert all(HOA not in t for t in texts)
        dates = {e.value: e.local_date for e in session.scalars(select(ReportEntry))}
        assert dates[4] == earlier.date()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "member_account"))
        assert [(a.actor, a.entity_key) for a in audit] == [
            ("zalo:zu-9", "CNCD_HoiYen_NguHung/Đỗ Thị Hoa/zalo")
        ]
    # Nothing more happens on a second run.
    before = _snapshot(sessions)
    send(sessions)
    assert _snapshot(sessions) == before


def _snapshot(sessions):  # type: ignore[no-untyped-def]
    with sessions() as session:
        return (
            totals(session),
            len(session.scalars(select(OutboxMessage)).all()),
            len(session.scalars(select(ReviewItem)).all()),
        )


def test_words_and_the_country_code_register_too(sessions) -> None:  # type: ignore[no-untyped-def]
    send(
        sessions,
        zalo(1, "đăng ký +84 933 111 222", "zu-5"),
        zalo(2, "Báo cáo: thanh toán điện tử 4 hộ", "zu-5", 1),
    )
    with sessions() as session:
        assert totals(session) == {("CNCD_PhuKhe_NguHung", "ttdt"): 4}
        assert "Vũ Văn Khánh" in replies(session, "zu-5")[0].text


def test_an_unknown_phone_waits_for_an_officer(sessions) -> None:  # type: ignore[no-untyped-def]
    send(sessions, zalo(1, "/dk 0966 555 444", "zu-7"))
    with sessions() as session:
        item = session.scalars(select(ReviewItem)).one()
        assert (item.reason, item.text) == (
            "registration",
            "09xx xxx 444: không có thành viên nào có số này",
        )
        assert replies(session, "zu-7")[0].text == (
            "Đã nhận yêu cầu đăng ký với số 09xx xxx 444. Cán bộ sẽ kiểm tra và xác nhận."
        )
        assert status(session, "z1") == ("review", "registration: registration")


def test_a_member_with_an_account_is_not_taken_over_and_the_leader_is_told(sessions) -> None:  # type: ignore[no-untyped-def]
    send(sessions, msg(1, "/dangky 0977 000 111", sender="5555", chat="5555"))
    with sessions() as session:
        account = session.scalars(
            select(MemberAccount)
            .join(Member)
            .where(Member.name == "Trần Thị Bình", MemberAccount.channel == "telegram")
        ).one()
        assert account.user_id == "1002"
        item = session.scalars(select(ReviewItem)).one()
        assert item.reason == "registration" and item.team_id is not None
        notice = replies(session, TEAM_CHAT)
        assert [n.kind for n in notice] == ["notice"]
        assert "Trần Thị Bình" in notice[0].text and "09xx xxx 111" in notice[0].text
        assert "0977000111" not in notice[0].text


def test_at_most_five_attempts_a_day(sessions) -> None:  # type: ignore[no-untyped-def]
    send(sessions, *(zalo(i, f"/dangky 09665554{i:02d}", "zu-8", i) for i in range(5)))
    send(sessions, zalo(9, "/dangky 0987654321", "zu-8", 30))
    with sessions() as session:
        assert len(replies(session, "zu-8")) == 5
        assert status(session, "z9") == ("ignored", "registration: over the daily limit")
        assert (
            session.scalars(select(MemberAccount).where(MemberAccount.user_id == "zu-8")).all()
            == []
        )
    # The next day (Vietnam time) the account may try again.
    send(
        sessions,
        msg(
            "z10",
            "/dangky 0987654321",
            sender="zu-8",
            chat="zu-8",
            at=DAY + timedelta(days=1),
            channel="zalo",
        ),
    )
    with sessions() as session:
        assert status(session, "z10") == ("counted", "registration: linked")


def test_someone_elses_contact_links_nothing(sessions) -> None:  # type: ignore[no-untyped-def]
    from tracker.messages import Inbound

    card = Inbound("telegram", "777", "1", DAY, "/dangky 0987654321", "777", "x", forwarded=True)
    send(sessions, card)
    with sessions() as session:
        assert (
            session.scalars(select(MemberAccount).where(MemberAccount.user_id == "777")).all() == []
        )
        assert "số điện thoại của người khác" in replies(session, "777")[0].text


def test_start_in_private_asks_for_the_phone(sessions) -> None:  # type: ignore[no-untyped-def]
    send(
        sessions,
        msg(1, "/start", sender="888", chat="888"),
        msg(2, "/start", sender="1002", chat="1002"),
    )
    with sessions() as session:
        asked = replies(session, "888")[0]
        assert asked.kind == "ask_phone" and "/dangky" in asked.text
        known = replies(session, "1002")[0]
        assert known.kind == "reply" and known.text.startswith("Bạn đã đăng ký rồi: Trần Thị Bình")
        team = session.scalars(select(Team).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        binh = next(m for m in team.members if m.name == "Trần Thị Bình")
        assert binh.accounts[0].private_chat_id == "1002"  # noted as it wrote in private


def test_a_report_held_earlier_in_the_same_batch_counts_too(sessions) -> None:  # type: ignore[no-untyped-def]
    send(sessions, zalo(1, "/bc dvc 3", "zu-4"), zalo(2, "dk 0987654321", "zu-4", 1))
    with sessions() as session:
        assert totals(session) == {("CNCD_HoiYen_NguHung", "dvc"): 3}
        assert status(session, "z1") == ("counted", None)
        texts = [r.text for r in replies(session, "zu-4")]
        assert texts[0].startswith("Chưa tính") and texts[-1].startswith("Đã ghi nhận")


def test_without_a_team_chat_the_leader_is_told_in_private(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        khanh = session.scalars(select(Member).where(Member.name == "Vũ Văn Khánh")).one()
        khanh.accounts.append(MemberAccount(channel="telegram", user_id="4444"))
        leader = session.scalars(select(Member).where(Member.name == "Lê Văn Cường")).one()
        leader.accounts[0].private_chat_id = "1003"
    send(sessions, msg(1, "/dangky 0933111222", sender="6666", chat="6666"))
    with sessions() as session:
        notice = replies(session, "1003")
        assert [n.kind for n in notice] == ["notice"]
        assert "Vũ Văn Khánh" in notice[0].text and "09xx xxx 222" in notice[0].text
