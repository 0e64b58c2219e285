"""Undoing the review screen's last decision (tracker.review_undo), on each store: a reject
reopens the item and puts its message back in review with its reason; an accept removes
its entry and the month's stated totals stand as before it; a bulk reject reopens all its
items or none. A decision made since, an approved month, an accept held for an approved
month and one that sent later stated totals to review are refused in one line, and
nothing is undone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tests.pipeline_helpers import msg, send, status, totals
from tracker.monthly.decisions import approve
from tracker.periods import Period
from tracker.review import accept, reject
from tracker.review_undo import ReviewDecision, decide, undo_decision
from tracker.store.models import AuditEntry, MonthlyReport, ReportEntry, ReviewItem, Team
from tracker.undo import UndoRefused

ACTOR, OTHER = "Cán bộ Duyệt", "Cán bộ Khác"
TEAM = "CNCD_HoiYen_NguHung"
NOV = datetime(2026, 11, 10, 2, tzinfo=UTC)


@pytest.fixture
def sessions(db_url: str) -> sessionmaker[Session]:
    from tracker.store.engine import make_engine, session_factory

    factory = session_factory(make_engine(db_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


def unknown(sessions: sessionmaker[Session], number: int, text: str, at: datetime = NOV) -> int:
    """A report from a sender the tracker does not know: it waits for review."""
    send(sessions, msg(number, text, sender="5555", at=at))
    with sessions() as session:
        return session.scalars(select(ReviewItem.id).order_by(ReviewItem.id.desc())).first() or 0


def rejected(sessions: sessionmaker[Session], *items: int, officer: str = ACTOR) -> ReviewDecision:
    with sessions.begin() as session:

        def each() -> None:
            for item in items:
                reject(session, item, officer=officer, reason="spam")

        return decide(session, "reject", items, each)[1]


def accepted(sessions: sessionmaker[Session], item: int) -> ReviewDecision:
    with sessions.begin() as session:
        return decide(
            session, "accept", [item], lambda: accept(session, item, officer=ACTOR, team=TEAM)
        )[1]


def undo(sessions: sessionmaker[Session], decision: ReviewDecision, officer: str = ACTOR) -> None:
    with sessions.begin() as session:
        undo_decision(session, decision, officer)


def refused(sessions: sessionmaker[Session], decision: ReviewDecision) -> str:
    with pytest.raises(UndoRefused) as caught, sessions.begin() as session:
        undo_decision(session, decision, ACTOR)
    return caught.value.text("vi")


def item_state(sessions: sessionmaker[Session], item: int) -> tuple[object, ...]:
    with sessions() as session:
        row = session.get_one(ReviewItem, item)
        return (row.status, row.decided_by, row.decided_at, row.entry_id, row.value)


def proposed(session: Session, item: int) -> tuple[int | None, int | None, int | None]:
    """The team, indicator and value the item holds for the officer to accept."""
    row = session.get_one(ReviewItem, item)
    return (row.team_id, row.indicator_id, row.value)


def entries(sessions: sessionmaker[Session]) -> list[tuple[int, int | None, bool]]:
    """(value, stated total, counted) of the team's ttdt entries, in sent order."""
    with sessions() as session:
        rows = session.execute(
            select(
                ReportEntry.value, ReportEntry.stated_total, ReportEntry.superseded_by_id
            ).order_by(ReportEntry.sent_at, ReportEntry.id)
        )
        return [(value, stated, superseded is None) for value, stated, superseded in rows]


def audit(sessions: sessionmaker[Session]) -> list[tuple[str, str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_key)
            .where(AuditEntry.entity == "review_item", AuditEntry.refused.is_(False))
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_reject_is_undone(sessions: sessionmaker[Session]) -> None:
    item = unknown(sessions, 1, "/bc ttdt 3")
    with sessions() as session:
        waiting = status(session, "1")
    assert waiting[0] == "review"
    open_state = item_state(sessions, item)
    decision = rejected(sessions, item)
    with sessions() as session:
        assert status(session, "1") == ("ignored", "rejected in review: spam")
    undo(sessions, decision)
    assert item_state(sessions, item) == open_state == ("open", None, None, None, 3)
    with sessions() as session:
        assert status(session, "1") == waiting
    # The reject stays in the log; the undo has an entry of its own.
    assert audit(sessions) == [(ACTOR, "reject", str(item)), (ACTOR, "undo", str(item))]


def test_an_accept_is_undone_and_the_stated_totals_stand_as_before(
    sessions: sessionmaker[Session],
) -> None:
    send(sessions, msg(2, "/bc ttdt =20", at=NOV.replace(day=15)))  # a member's stated total
    item = unknown(sessions, 1, "/bc ttdt 3")  # sent before it
    with sessions() as session:
        waiting, standing = status(session, "1"), totals(session)
        was = proposed(session, item)
    assert entries(sessions) == [(20, 20, True)]
    decision = accepted(sessions, item)
    # The stated total now adds what the accepted 3 did not: 17.
    assert entries(sessions) == [(3, None, True), (17, 20, True)]
    entry = item_state(sessions, item)[3]
    undo(sessions, decision)
    assert entries(sessions) == [(20, 20, True)]
    with sessions() as session:
        assert totals(session) == standing
        assert status(session, "1") == waiting
        assert session.get(ReportEntry, entry) is None
    assert item_state(sessions, item)[:4] == ("open", None, None, None)
    with sessions() as session:
        undone = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "undo").order_by(AuditEntry.id)
        ).one()
        assert proposed(session, item) == was  # as the officer found it
    # Every number once counted still leads somewhere: the undo keeps the entry it removed.
    assert undone.before["entry"] == {
        "id": entry,
        "team": TEAM,
        "indicator": "ttdt",
        "value": 3,
        "date": "2026-11-10",
    }
    assert undone.after["status"] == "open" and undone.after["entry"] is None
    assert [action for _, action, _ in audit(sessions)] == ["accept", "undo"]


def test_a_decision_made_since_is_not_undone(sessions: sessionmaker[Session]) -> None:
    item = unknown(sessions, 1, "/bc ttdt 3")
    mine = rejected(sessions, item)
    undo(sessions, mine, OTHER)  # another officer reopens it, and rejects it again
    rejected(sessions, item, officer=OTHER)
    before = item_state(sessions, item)
    assert refused(sessions, mine) == (
        f"không hoàn tác được: mục chờ duyệt {item} đã được xử lý lại sau thay đổi này "
        f"(đã bác, {OTHER})"
    )
    assert item_state(sessions, item) == before


def test_an_accept_is_not_undone_once_its_month_is_approved(
    sessions: sessionmaker[Session],
) -> None:
    item = unknown(sessions, 1, "/bc ttdt 3")
    decision = accepted(sessions, item)
    with sessions.begin() as session:
        team = session.scalars(select(Team).where(Team.code == TEAM)).one()
        session.add(MonthlyReport(team=team, month="2026-11", submitted_at=NOV))
        session.flush()
        approve(session, TEAM, Period.parse("2026-11"), officer=OTHER)
    assert refused(sessions, decision) == (
        f"không hoàn tác được: tháng 2026-11 của tổ {TEAM} đã được duyệt"
    )
    assert entries(sessions) == [(3, None, True)]
    assert item_state(sessions, item)[0] == "accepted"


def test_an_accept_held_for_an_approved_month_is_not_undone(
    sessions: sessionmaker[Session],
) -> None:
    item = unknown(sessions, 1, "/bc ttdt 3")
    with sessions.begin() as session:
        team = session.scalars(select(Team).where(Team.code == TEAM)).one()
        session.add(MonthlyReport(team=team, month="2026-11", submitted_at=NOV))
        session.flush()
        approve(session, TEAM, Period.parse("2026-11"), officer=OTHER)
    decision = accepted(sessions, item)
    assert refused(sessions, decision).startswith(
        f"không hoàn tác được: mục {item} thuộc tháng đã duyệt"
    )
    assert entries(sessions) == []


def test_an_accept_that_sent_later_totals_to_review_is_not_undone(
    sessions: sessionmaker[Session],
) -> None:
    send(sessions, msg(2, "/bc ttdt =2", at=NOV.replace(day=15)))
    item = unknown(sessions, 1, "/bc ttdt 3")
    decision = accepted(sessions, item)
    # 3 before a stated total of 2: the total goes to review, as if it had come in order.
    assert entries(sessions) == [(3, None, True), (2, 2, False)]
    with sessions() as session:
        assert status(session, "2") == ("review", "total_lower")
    assert refused(sessions, decision) == (
        f"không hoàn tác được: việc duyệt mục {item} đã chuyển 1 số cộng dồn gửi sau đó "
        "sang chờ duyệt"
    )
    assert entries(sessions) == [(3, None, True), (2, 2, False)]
    assert item_state(sessions, item)[0] == "accepted"


def test_a_bulk_reject_is_undone_all_or_none(sessions: sessionmaker[Session]) -> None:
    first = unknown(sessions, 1, "/bc ttdt 3")
    second = unknown(sessions, 2, "/bc dvc 4", at=NOV.replace(day=11))
    both = rejected(sessions, first, second)
    assert both.key == f"{first}, {second}"
    # The second decided again since: neither comes back.
    just_second = replace(both, items=both.items[1:], messages=both.messages[1:])
    undo(sessions, just_second, OTHER)
    rejected(sessions, second, officer=OTHER)
    assert refused(sessions, both).startswith(f"không hoàn tác được: mục chờ duyệt {second}")
    assert [item_state(sessions, i)[0] for i in (first, second)] == ["rejected", "rejected"]

    third = unknown(sessions, 3, "/bc ttdt 5", at=NOV.replace(day=12))
    fourth = unknown(sessions, 4, "/bc dvc 6", at=NOV.replace(day=13))
    undo(sessions, rejected(sessions, third, fourth))
    assert [item_state(sessions, i)[0] for i in (third, fourth)] == ["open", "open"]
    with sessions() as session:
        assert status(session, "3")[0] == status(session, "4")[0] == "review"


def test_a_message_replaced_since_is_not_reopened(sessions: sessionmaker[Session]) -> None:
    item = unknown(sessions, 1, "/bc ttdt 3")
    decision = rejected(sessions, item)
    send(sessions, msg(1, "/bc ttdt 4", sender="5555", at=NOV, version=1))  # edited since
    assert refused(sessions, decision) == (
        f"không hoàn tác được: tin của mục {item} đã được sửa sau thay đổi này"
    )
    assert item_state(sessions, item)[0] == "rejected"


def test_an_accept_whose_entry_was_replaced_since_is_not_undone(
    sessions: sessionmaker[Session],
) -> None:
    item = unknown(sessions, 1, "/bc ttdt 3")
    decision = accepted(sessions, item)
    entry = item_state(sessions, item)[3]
    send(sessions, msg(1, "/bc ttdt 4", sender="5555", at=NOV, version=1))  # edited since
    before = entries(sessions)
    assert before[0] == (3, None, False)  # the edit replaced the accepted count
    assert refused(sessions, decision) == (
        f"không hoàn tác được: số đã tính của mục {item} (bản ghi {entry}) đã đổi hoặc bị thay "
        "sau thay đổi này"
    )
    assert entries(sessions) == before
    assert item_state(sessions, item)[0] == "accepted"
