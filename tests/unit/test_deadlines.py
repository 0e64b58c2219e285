from __future__ import annotations

from datetime import UTC, date, datetime

from tracker.config import DEFAULT_DEADLINES
from tracker.deadlines import ReportState, TaskState, report_deadline, report_state, task_state
from tracker.periods import Period

NOV = Period.parse("2026-11")


def test_deadlines_by_level() -> None:
    assert report_deadline("village", NOV, DEFAULT_DEADLINES) == date(2026, 11, 18)
    assert report_deadline("commune", NOV, DEFAULT_DEADLINES) == date(2026, 11, 20)
    assert report_deadline("district", NOV, DEFAULT_DEADLINES) == date(2026, 11, 23)
    assert report_deadline("province", NOV, DEFAULT_DEADLINES) == date(2026, 11, 25)
    assert report_deadline("village", Period.parse("2027-02"), {"village": 31}) == date(2027, 2, 28)


def test_report_state_uses_vietnam_time_to_the_end_of_the_day() -> None:
    deadline = date(2026, 11, 18)
    # 23:30 on the 18th in Vietnam is 16:30 UTC: still on time.
    assert (
        report_state(deadline, datetime(2026, 11, 18, 16, 30, tzinfo=UTC), date(2026, 11, 30))
        == ReportState.ON_TIME
    )
    # 00:30 on the 19th in Vietnam is 17:30 UTC on the 18th: late.
    assert (
        report_state(deadline, datetime(2026, 11, 18, 17, 30, tzinfo=UTC), date(2026, 11, 30))
        == ReportState.LATE
    )
    assert report_state(deadline, None, date(2026, 11, 18)) == ReportState.NOT_YET_DUE
    assert report_state(deadline, None, date(2026, 11, 19)) == ReportState.MISSING


def test_task_states() -> None:
    due = date(2026, 11, 15)
    assert task_state(due, None, date(2026, 11, 15)) == TaskState.OPEN
    assert task_state(due, None, date(2026, 11, 16)) == TaskState.OVERDUE
    assert (
        task_state(due, datetime(2026, 11, 15, 10, tzinfo=UTC), date(2026, 12, 1))
        == TaskState.DONE_ON_TIME
    )
    assert (
        task_state(due, datetime(2026, 11, 15, 18, tzinfo=UTC), date(2026, 12, 1))
        == TaskState.DONE_LATE
    )
