"""`tracker review link ID --team CODE --member NAME` on both backends: the sender is a
roster member from now on, and what they sent before counts on its own dates."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, msg, send, status, totals
from tracker.store.models import AuditEntry, Member, MemberAccount, OutboxMessage, ReviewItem


def _world(tracker: Tracker):  # type: ignore[no-untyped-def]
    sessions = tracker.sessions()
    with sessions.begin() as session:
        world = build_world(session)
        session.add(Member(team=world.teams["CNCD_HoiYen_NguHung"], name="Đỗ Thị Hoa"))
    day = datetime(2026, 11, 5, 2, 0, tzinfo=UTC)
    send(
        sessions,
        msg(1, "/bc ttdt 3", sender="5555", at=day),
        msg(2, "/bc dvc 2", sender="5555", at=day.replace(day=6)),
        msg(3, "/bc dvc 1", sender="6666", at=day.replace(day=7)),
    )
    return sessions


def test_linking_counts_the_held_reports_in_order_with_replies(tracker: Tracker) -> None:
    sessions = _world(tracker)
    result = tracker.ok(
        "review",
        "link",
        "2",
        "--team",
        "CNCD_HoiYen_NguHung",
        "--member",
        "do thi hoa",
        "--officer",
        "can_bo_xa",
    )
    assert "Đỗ Thị Hoa (CNCD_HoiYen_NguHung)" in result.output
    assert "2 held message(s) processed again: 2 counted" in result.output
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_HoiYen_NguHung", "ttdt"): 3,
            ("CNCD_HoiYen_NguHung", "dvc"): 2,
        }
        assert status(session, "1") == ("counted", None)
        assert status(session, "3") == ("review", "unknown_sender")  # another sender
        account = session.scalars(
            select(MemberAccount).where(MemberAccount.user_id == "5555")
        ).one()
        assert (account.member.name, account.linked_by) == ("Đỗ Thị Hoa", "can_bo_xa")
        items = session.scalars(select(ReviewItem).order_by(ReviewItem.id)).all()
        assert [(i.status, i.decided_by) for i in items] == [
            ("accepted", "can_bo_xa"),
            ("accepted", "can_bo_xa"),
            ("open", None),
        ]
        texts = [
            o.text
            for o in session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.chat_id == TEAM_CHAT, OutboxMessage.reply_to == "1")
                .order_by(OutboxMessage.id)
            )
        ]
        assert texts[-1].startswith("Đã ghi nhận cho CNCĐ_Hội Yên_Ngũ Hùng:\nTTDT +3")
        audit = session.scalars(select(AuditEntry).where(AuditEntry.actor == "can_bo_xa")).all()
        assert {a.entity for a in audit} == {"member_account", "review_item"}
    # Nothing is left to take up.
    assert "0 held message(s)" not in tracker.ok("review", "list").output


def test_link_names_an_existing_member_only(tracker: Tracker) -> None:
    _world(tracker)
    unknown = tracker("review", "link", "1", "--team", "CNCD_HoiYen_NguHung", "--member", "Ai Đó")
    assert unknown.exit_code == 1
    assert "không có thành viên tên Ai Đó" in unknown.output or "no member named" in unknown.output
    taken = tracker(
        "review", "link", "1", "--team", "CNCD_HoiYen_NguHung", "--member", "Trần Thị Bình"
    )
    assert taken.exit_code == 1 and "Traceback" not in taken.output
    help_text = tracker.ok("review", "link", "--help").output
    assert "tracker review link 14" in help_text
