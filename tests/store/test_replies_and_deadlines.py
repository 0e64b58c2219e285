"""Replies (exact text, vi and en), monthly reports and task completions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import msg, send, status
from tracker.config import Settings
from tracker.store.models import MonthlyReport, OutboxMessage, TaskAssignment, Team


@pytest.fixture
def sessions(tracker: Tracker):  # type: ignore[no-untyped-def]
    factory = tracker.sessions()
    with factory.begin() as session:
        build_world(session)
    return factory


def _replies(sessions) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        rows = session.execute(select(OutboxMessage.reply_to, OutboxMessage.text)).all()
    return {reply_to: text for reply_to, text in rows}


def test_replies_in_vietnamese(sessions) -> None:  # type: ignore[no-untyped-def]
    send(sessions, msg(1, "/bc ttdt 12, dvc 5"), msg(2, "/bc ttdt mười hai"), msg(3, "chào"))
    replies = _replies(sessions)
    assert replies == {
        "1": "Đã ghi nhận cho CNCĐ_Hội Yên_Ngũ Hùng:\nTTDT +12 → 12/90 (13%)\nDVC +5 → 5/20 (25%)",
        "2": 'Không hiểu "ttdt mười hai": thiếu số. Gõ ví dụ: /bc ttdt 12',
    }


def test_replies_in_english(sessions) -> None:  # type: ignore[no-untyped-def]
    english = Settings(db_url="sqlite://", language="en")
    send(
        sessions,
        msg(1, "/bc ttdt =45"),
        msg(2, "/bc ttdt 400"),
        msg(3, "/bc ttdt 1", sender="5555"),
        settings=english,
    )
    assert _replies(sessions) == {
        "1": "Recorded for CNCĐ_Hội Yên_Ngũ Hùng:\nTTDT =45 (+45) → 45/90 (50%)",
        "2": 'Held for review "ttdt 400": too large (at most 300).',
        "3": "Not counted: the sender is not a registered team member. An officer will review it.",
    }


def test_monthly_report_on_time_then_late(sessions) -> None:  # type: ignore[no-untyped-def]
    on_time = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # 23:00 on the 18th, Vietnam time
    late = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # 00:00 on the 19th
    send(sessions, msg(1, "/bcthang tháng 11", at=on_time))
    send(sessions, msg(2, "/bcthang tháng 11", sender="1003", at=late))
    replies = _replies(sessions)
    assert replies["1"] == (
        "Đã nhận báo cáo tháng 11/2026 của CNCĐ_Hội Yên_Ngũ Hùng: đúng hạn (hạn 18/11/2026)."
    )
    assert replies["2"] == (
        "Đã nhận báo cáo tháng 11/2026 của CNCĐ_Phú Khê_Ngũ Hùng: muộn (hạn 18/11/2026)."
    )
    with sessions() as session:
        report = session.scalars(
            select(MonthlyReport).join(Team).where(Team.code == "CNCD_HoiYen_NguHung")
        ).one()
        assert (report.month, report.submitted_at) == ("2026-11", on_time)


def test_a_later_monthly_report_keeps_the_first_submission_time(sessions) -> None:  # type: ignore[no-untyped-def]
    first = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    send(sessions, msg(2, "/bcthang tháng 11", at=first.replace(day=25)))
    send(sessions, msg(1, "/bcthang tháng 11", at=first))
    with sessions() as session:
        report = session.scalars(select(MonthlyReport)).one()
        assert report.submitted_at == first
        assert report.message_id is not None


def test_task_done_on_time_late_and_unknown(sessions) -> None:  # type: ignore[no-untyped-def]
    send(
        sessions,
        msg(1, "/xong ZALO1 đã lập nhóm", at=datetime(2026, 11, 14, 3, 0, tzinfo=UTC)),
        msg(2, "/xong ZALO1", sender="1003", at=datetime(2026, 11, 16, 3, 0, tzinfo=UTC)),
        msg(3, "/xong KHONGCO"),
        msg(4, "/xong ZALO1", sender="1005", chat="-1001000000001"),  # commune team
    )
    replies = _replies(sessions)
    assert replies["1"] == (
        "Đã ghi nhận hoàn thành nhiệm vụ ZALO1 của CNCĐ_Hội Yên_Ngũ Hùng: "
        "đúng hạn (hạn 15/11/2026)."
    )
    assert replies["2"].endswith(": muộn (hạn 15/11/2026).")
    assert replies["3"] == 'Không có nhiệm vụ "KHONGCO". Cán bộ sẽ xem lại.'
    with sessions() as session:
        assert status(session, "3") == ("review", "unknown_task")
        assert status(session, "4") == ("review", "task_not_assigned")
        done = session.scalars(
            select(TaskAssignment).join(Team).where(Team.code == "CNCD_HoiYen_NguHung")
        ).one()
        assert (done.status, done.note) == ("done", "đã lập nhóm")
        assert done.done_at == datetime(2026, 11, 14, 3, 0, tzinfo=UTC)
