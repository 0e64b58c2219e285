"""Undoing the monthly reports screen's last decision (tracker.monthly_undo), on each store:
an approve of a report that was only sent leaves it undecided again; an approve of a
returned report puts the return back as it was; a return is undone and its notice to the
team's chat taken out of the outbox. A decision made since, a resubmitted report, an
after-approval item resting on the approve and a return whose notice went out are refused
in one line, and nothing is undone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tests.pipeline_helpers import msg, send
from tracker.monthly.decisions import approve, resubmitted, return_report
from tracker.monthly_undo import MonthlyChange, decide, undo_decision
from tracker.periods import Period
from tracker.store.models import AuditEntry, MonthlyDecision, MonthlyReport, OutboxMessage, Team
from tracker.undo import UndoRefused

ACTOR, OTHER = "Cán bộ Duyệt", "Cán bộ Khác"
TEAM = "CNCD_HoiYen_NguHung"
NOV = Period.parse("2026-11")
KEY = f"{TEAM}/2026-11"


@pytest.fixture
def sessions(db_url: str) -> sessionmaker[Session]:
    from tracker.store.engine import make_engine, session_factory

    factory = session_factory(make_engine(db_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
        team = session.scalars(select(Team).where(Team.code == TEAM)).one()
        sent = datetime(2026, 11, 28, 2, tzinfo=UTC)
        session.add(MonthlyReport(team=team, month="2026-11", submitted_at=sent))
    return factory


def approved(sessions: sessionmaker[Session], officer: str = ACTOR) -> MonthlyChange:
    with sessions.begin() as session:
        return decide(
            session, "approve", TEAM, NOV, lambda: approve(session, TEAM, NOV, officer=officer)
        )[1]


def returned(sessions: sessionmaker[Session], officer: str = ACTOR) -> MonthlyChange:
    with sessions.begin() as session:
        return decide(
            session,
            "return",
            TEAM,
            NOV,
            lambda: return_report(
                session, TEAM, NOV, officer=officer, reason="Thiếu số liệu", language="vi"
            ),
        )[1]


def undo(sessions: sessionmaker[Session], change: MonthlyChange) -> None:
    with sessions.begin() as session:
        undo_decision(session, change, ACTOR)


def refused(sessions: sessionmaker[Session], change: MonthlyChange) -> str:
    with pytest.raises(UndoRefused) as caught, sessions.begin() as session:
        undo_decision(session, change, ACTOR)
    line = caught.value.text("vi")
    assert "\n" not in line
    return line


def decision(sessions: sessionmaker[Session]) -> tuple[Any, ...] | None:
    with sessions() as session:
        row = session.scalars(select(MonthlyDecision)).one_or_none()
        return None if row is None else (row.status, row.decided_by, row.decided_at, row.reason)


def notices(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.status).where(
                OutboxMessage.idempotency_key.startswith("monthly-return:")
            )
        )
        return [(chat, status) for chat, status in rows]


def audit(sessions: sessionmaker[Session]) -> list[tuple[str, str, Any, Any]]:
    with sessions() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.entity_key, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.entity == "monthly_report")
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_an_approve_is_undone_and_the_report_is_undecided(
    sessions: sessionmaker[Session],
) -> None:
    change = approved(sessions)
    assert decision(sessions) is not None
    undo(sessions, change)
    assert decision(sessions) is None
    # The approve stays in the log; the undo has an entry of its own.
    entries = audit(sessions)
    assert [(action, key) for action, key, _, _ in entries] == [("approve", KEY), ("undo", KEY)]
    _, _, before, after = entries[1]
    assert before["status"] == "approved" and before["decided_by"] == ACTOR
    assert after == {"status": "sent"}


def test_an_approve_of_a_returned_report_puts_the_return_back(
    sessions: sessionmaker[Session],
) -> None:
    returned(sessions, OTHER)
    was = decision(sessions)
    assert was is not None and was[0] == "returned"
    change = approved(sessions)
    undo(sessions, change)
    assert decision(sessions) == was  # the return as it was: officer, time, reason
    assert notices(sessions) == [("-1001000000002", "pending")]  # the return's, untouched


def test_a_return_is_undone_and_its_notice_taken_back(sessions: sessionmaker[Session]) -> None:
    change = returned(sessions)
    assert len(change.notices) == 1
    assert notices(sessions) == [("-1001000000002", "pending")]
    undo(sessions, change)
    assert decision(sessions) is None
    assert notices(sessions) == []
    undone = audit(sessions)[-1]
    assert undone[0] == "undo" and undone[2]["messages"] == 1


def test_a_decision_made_since_is_not_undone(sessions: sessionmaker[Session]) -> None:
    mine = approved(sessions)
    returned(sessions, OTHER)  # another officer returns it since
    now = decision(sessions)
    assert refused(sessions, mine) == (
        f"không hoàn tác được: báo cáo tháng {KEY} đã được quyết định lại sau thay đổi này "
        f"(đã trả lại, {OTHER})"
    )
    assert decision(sessions) == now
    assert [action for action, *_ in audit(sessions)] == ["approve", "return"]


def test_a_return_sent_again_by_the_team_is_not_undone(sessions: sessionmaker[Session]) -> None:
    change = returned(sessions)
    with sessions.begin() as session:
        team = session.scalars(select(Team).where(Team.code == TEAM)).one()
        resubmitted(session, team.id, "2026-11", "Tổ trưởng")
    assert refused(sessions, change).endswith("(đã gửi, –)")
    assert decision(sessions) is None
    assert notices(sessions) == [("-1001000000002", "pending")]


def test_a_return_whose_notice_went_out_is_not_undone(sessions: sessionmaker[Session]) -> None:
    change = returned(sessions)
    was = decision(sessions)
    with sessions.begin() as session:
        session.execute(update(OutboxMessage).values(status="sent"))
    assert refused(sessions, change) == (
        f"không hoàn tác được việc trả lại {KEY}: thông báo cho tổ không còn chờ gửi (đã gửi)"
    )
    assert decision(sessions) == was
    assert notices(sessions) == [("-1001000000002", "sent")]


def test_an_approve_an_after_approval_item_rests_on_is_not_undone(
    sessions: sessionmaker[Session],
) -> None:
    change = approved(sessions)
    was = decision(sessions)
    # A member's report for the approved month waits as after approval, because of it.
    send(sessions, msg(1, "/bc ttdt 3", at=datetime(2026, 11, 29, 2, tzinfo=UTC)))
    assert refused(sessions, change) == (
        f"không hoàn tác được việc duyệt {KEY}: 1 mục chờ duyệt sau khi đã duyệt dựa vào lần "
        "duyệt này (đang chờ, hoặc đã nhận sau đó)"
    )
    assert decision(sessions) == was


def test_an_approve_a_counted_change_rests_on_is_not_undone(
    sessions: sessionmaker[Session],
) -> None:
    from tracker.review import accept
    from tracker.store.models import ReviewItem

    change = approved(sessions)
    send(sessions, msg(1, "/bc ttdt 3", at=datetime(2026, 11, 29, 2, tzinfo=UTC)))
    with sessions.begin() as session:
        item = session.scalars(select(ReviewItem.id)).one()
        accept(session, item, officer=OTHER)  # counted as a change to the approved figures
        assert session.get_one(ReviewItem, item).status == "accepted"
    assert refused(sessions, change).startswith(f"không hoàn tác được việc duyệt {KEY}: 1 mục")
    assert decision(sessions) is not None
