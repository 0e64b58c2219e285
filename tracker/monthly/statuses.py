"""Monthly reports as officers follow them: each team's deadline and state for a month, and
the text sections of what it sent (difficulties, proposals, good practices)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from tracker.clock import local_date
from tracker.deadlines import ReportState, report_deadline, report_state
from tracker.hierarchy import scope_team_ids
from tracker.maps.history import owes_report
from tracker.periods import Period
from tracker.store.models import MonthlyReport, Team, Unit


@dataclass(frozen=True, slots=True)
class MonthlyStatus:
    team: str
    name: str
    level: str
    deadline: date
    state: ReportState
    submitted_at: datetime | None
    difficulties: str = ""
    proposals: str = ""
    good_practices: str = ""


def monthly_statuses(
    session: Session, scope: Unit, month: Period, on: date, deadlines: Mapping[str, int]
) -> list[MonthlyStatus]:
    """Every team under `scope`, by team code, with its report for `month` as seen on `on`.

    A report submitted after `on` counts as not submitted yet, so a past day reads as it was.
    """
    reports = MonthlyReport.__table__
    statement = (
        select(
            Team.code,
            Team.name,
            Team.level,
            reports.c.submitted_at,
            reports.c.difficulties,
            reports.c.proposals,
            reports.c.good_practices,
            Team.active_from,
            Team.retired_on,
        )
        .outerjoin(reports, and_(reports.c.team_id == Team.id, reports.c.month == str(month)))
        .where(Team.id.in_(scope_team_ids(session, scope.id, month.end, month.start)))
        .order_by(Team.code)
    )
    found = []
    for row in session.execute(statement):
        code, name, level, submitted, difficulties, proposals, practices, start, end = row
        if submitted is not None and local_date(submitted) > on:
            submitted = difficulties = proposals = practices = None
        deadline = report_deadline(level, month, deadlines)
        if submitted is None and not owes_report(start, end, deadline):
            continue  # founded after the deadline or retired by then: not expected
        found.append(
            MonthlyStatus(
                code,
                name,
                level,
                deadline,
                report_state(deadline, submitted, on),
                submitted,
                difficulties or "",
                proposals or "",
                practices or "",
            )
        )
    return found
