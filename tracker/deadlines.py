"""Monthly-report deadlines and task states (CONTRACTS §5–6), as pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum

from tracker.clock import local_date
from tracker.periods import Period


class ReportState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_YET_DUE = "not_yet_due"


class TaskState(StrEnum):
    OPEN = "open"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"


def report_deadline(level: str, month: Period, deadlines: Mapping[str, int]) -> date:
    """The last day (inclusive, Vietnam time) on which a team of `level` reports for `month`.

    The day is clamped to the month's length so that a configured 31st works in February.
    """
    day = min(deadlines[level], month.end.day)
    return month.start.replace(day=day)


def report_state(deadline: date, submitted_at: datetime | None, on: date) -> ReportState:
    """The state of one team's monthly report, as seen on day `on`."""
    if submitted_at is not None:
        return ReportState.ON_TIME if local_date(submitted_at) <= deadline else ReportState.LATE
    return ReportState.MISSING if on > deadline else ReportState.NOT_YET_DUE


def task_state(due: date, done_at: datetime | None, on: date) -> TaskState:
    if done_at is not None:
        return TaskState.DONE_ON_TIME if local_date(done_at) <= due else TaskState.DONE_LATE
    return TaskState.OVERDUE if on > due else TaskState.OPEN
