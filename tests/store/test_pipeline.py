"""The processing step, rule by rule, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import UNIT_CHAT, msg, send, status, totals
from tracker.config import Settings
from tracker.store.models import OutboxMessage, ReportEntry, ReviewItem


@pytest.fixture
def sessions(tracker: Tracker):  # type: ignore[no-untyped-def]
    factory = tracker.sessions()
    with factory.begin() as session:
        build_world(session)
    return factory


def test_the_sender_decides_the_team_and_the_chat_decides_between_several(sessions) -> None:  # type: ignore[no-untyped-def]
    send(
        sessions,
        msg(1, "/bc ttdt 5", sender="1003"),  # Phú Khê's leader, in Hội Yên's chat
        msg(2, "/bc ttdt 7", sender="1001"),  # in two teams; chat bound to Hội Yên
        msg(3, "/bc ttdt 9", sender="1001", chat=UNIT_CHAT),  # chat bound to commune NH
        msg(4, "/bc ttdt 11", sender="1001", chat="-100777"),  # unbound chat
    )
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_PhuKhe_NguHung", "ttdt"): 5,
            ("CNCD_HoiYen_NguHung", "ttdt"): 7,
            ("CNCD_NH", "ttdt"): 9,
        }
        assert status(session, "4") == ("review", "ambiguous_team")


def test_the_date_is_vietnam_local_time(sessions) -> None:  # type: ignore[no-untyped-def]
    send(
        sessions,
        msg(1, "/bc dvc 1", at=datetime(2026, 11, 30, 16, 59, tzinfo=UTC)),  # 23:59 on the 30th
        msg(2, "/bc dvc 2", at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC)),  # 00:00 on 1 Dec
    )
    with sessions() as session:
        dates = session.execute(
            select(ReportEntry.value, ReportEntry.local_date).order_by(ReportEntry.value)
        ).all()
    assert [tuple(row) for row in dates] == [(1, date(2026, 11, 30)), (2, date(2026, 12, 1))]


def test_a_stated_total_counts_the_difference_whatever_the_arrival_order(sessions) -> None:  # type: ignore[no-untyped-def]
    day = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    send(sessions, msg(3, "/bc ttdt =45", at=day.replace(day=12)))
    send(sessions, msg(1, "/bc ttdt 10", at=day), msg(2, "/bc ttdt 20", at=day.replace(day=11)))
    with sessions() as session:
        entries = session.execute(
            select(ReportEntry.value, ReportEntry.stated_total).order_by(ReportEntry.sent_at)
        ).all()
        assert [tuple(row) for row in entries] == [(10, None), (20, None), (15, 45)]
    # A total lower than what was reported before it is not counted.
    send(sessions, msg(4, "/bc ttdt =20", at=day.replace(day=13)))
    with sessions() as session:
        assert status(session, "4") == ("review", "total_lower")
        assert totals(session)[("CNCD_HoiYen_NguHung", "ttdt")] == 45


def test_a_stated_total_does_not_count_reports_sent_at_the_same_instant(sessions) -> None:  # type: ignore[no-untyped-def]
    day = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    later = day.replace(hour=3)
    send(
        sessions,
        msg(1, "/bc ttdt 10", at=day),
        msg(2, "/bc ttdt 5", at=later),
        msg(3, "/bc ttdt =40", at=later),  # the same instant as the 5: only the 10 is before
        msg(4, "/bc ttdt =50", at=day.replace(hour=4)),
    )
    with sessions() as session:
        entries = session.execute(
            select(ReportEntry.value, ReportEntry.stated_total).order_by(
                ReportEntry.sent_at, ReportEntry.id
            )
        ).all()
        assert [tuple(row) for row in entries] == [(10, None), (5, None), (30, 40), (5, 50)]
        assert totals(session)[("CNCD_HoiYen_NguHung", "ttdt")] == 50


def test_an_edit_supersedes_the_earlier_version_and_an_older_one_is_ignored(sessions) -> None:  # type: ignore[no-untyped-def]
    send(sessions, msg(1, "/bc ttdt 12, dvc 5"), msg(2, "/bc ttdt mười hai"))
    send(sessions, msg(1, "/bc ttdt 20", version=3), msg(2, "/bc ttdt 12", version=3))
    send(sessions, msg(1, "/bc ttdt 99", version=2))
    with sessions() as session:
        assert totals(session) == {("CNCD_HoiYen_NguHung", "ttdt"): 32}
        superseded = session.scalars(
            select(ReportEntry).where(ReportEntry.superseded_by_id.is_not(None))
        ).all()
        assert sorted(entry.value for entry in superseded) == [5, 12]
        assert status(session, "1", 2)[0] == "ignored"
        assert status(session, "1", 0)[0] == "ignored"
        review = session.scalars(select(ReviewItem)).one()
        assert (review.status, review.decided_by) == ("rejected", "tracker (replaced by an edit)")
        keys = session.scalars(select(OutboxMessage.idempotency_key)).all()
        assert "reply:telegram:-1001000000002:1:3" in keys
        assert "reply:telegram:-1001000000002:1:0" in keys


def test_implausible_values_go_to_review(sessions) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(db_url="sqlite://", max_per_report={"dvc": 50})
    send(
        sessions, msg(1, "/bc ttdt 301, dvc 51"), msg(2, "/bc ttdt 300, dvc 50"), settings=settings
    )
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_HoiYen_NguHung", "ttdt"): 300,  # the village has 300 households
            ("CNCD_HoiYen_NguHung", "dvc"): 50,
        }
        reasons = session.scalars(select(ReviewItem.reason)).all()
        assert reasons == ["implausible", "implausible"]
        assert status(session, "1") == ("review", "implausible")


def test_a_non_member_report_waits_for_review_with_its_items(sessions) -> None:  # type: ignore[no-untyped-def]
    send(sessions, msg(1, "/bc ttdt 3", sender="5555"))
    with sessions() as session:
        item = session.scalars(select(ReviewItem)).one()
        assert (item.reason, item.value, item.indicator.code) == ("unknown_sender", 3, "ttdt")
        assert item.team is not None and item.team.code == "CNCD_HoiYen_NguHung"  # the chat's
        assert totals(session) == {}


def test_a_failing_message_is_rolled_back_alone_and_keeps_its_reason(
    sessions, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import tracker.reports.pipeline as pipeline

    real = pipeline.record_monthly

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "record_monthly", broken)
    stats = send(sessions, msg(1, "/bc ttdt 4"), msg(2, "/bcthang tháng 11"), msg(3, "/bc dvc 2"))
    assert (stats.counted, stats.failed) == (2, 1)
    with sessions() as session:
        assert status(session, "2") == ("failed", "RuntimeError: disk on fire")
        assert totals(session) == {
            ("CNCD_HoiYen_NguHung", "ttdt"): 4,
            ("CNCD_HoiYen_NguHung", "dvc"): 2,
        }
        from tracker.store.models import MonthlyReport

        assert session.scalars(select(MonthlyReport)).all() == []


def test_every_row_ends_in_one_state(sessions) -> None:  # type: ignore[no-untyped-def]
    stats = send(sessions, msg(1, "/bc ttdt 4"), msg(2, "chào cả nhà"), msg(3, "/bc xyz 3"))
    assert (stats.counted, stats.ignored, stats.review, stats.failed) == (1, 1, 1, 0)
    with sessions() as session:
        assert status(session, "2") == ("ignored", "not a report")
