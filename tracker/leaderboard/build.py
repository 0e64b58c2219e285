"""The standing a leaderboard shows, and who deserves a commendation.

A team is commendable when it met every quota of the period and sent its monthly report
on time: for a month, that month's report; for a quarter or a year, the report of every
month of the period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from tracker.deadlines import ReportState, report_deadline, report_state
from tracker.maps.tree import Scope
from tracker.periods import Period
from tracker.standing.model import Standing, StandingRow
from tracker.standing.query import compute_standing
from tracker.store import tables

if TYPE_CHECKING:
    from tracker.store.engine import Reader


def build_leaderboard(
    session: Reader,
    scope: Scope,
    period: Period,
    as_of: date,
    deadlines: Mapping[str, int],
    commend: int | None = None,
) -> Standing:
    # A month's rows say which teams' monthly reports are approved (issue 17).
    standing = compute_standing(session, scope, period, as_of, deadlines, approvals=True)
    if commend is None:
        return standing
    return replace(standing, rows=commendable(session, standing, deadlines, commend))


def commendable(
    session: Reader, standing: Standing, deadlines: Mapping[str, int], limit: int
) -> list[StandingRow]:
    """The top `limit` teams, in rank order, with every quota met and reports on time."""
    candidates = [row for row in standing.rows if row.rank is not None and row.all_met]
    if standing.period.kind == "month":
        chosen = [row for row in candidates if row.monthly_report == ReportState.ON_TIME]
    else:
        chosen = _on_time_all_months(session, standing, candidates, deadlines)
    return chosen[:limit]


def _months(period: Period) -> list[Period]:
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append(Period.month(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _on_time_all_months(
    session: Reader,
    standing: Standing,
    rows: list[StandingRow],
    deadlines: Mapping[str, int],
) -> list[StandingRow]:
    months = _months(standing.period)
    ids = [row.team_id for row in rows]
    reports = tables.monthly_reports
    sent = {
        (team_id, month): submitted
        for team_id, month, submitted in session.execute(
            select(reports.c.team_id, reports.c.month, reports.c.submitted_at).where(
                reports.c.team_id.in_(ids),
                reports.c.month.in_([str(m) for m in months]),
            )
        )
    }
    chosen = []
    for row in rows:
        states = [
            report_state(
                report_deadline(row.level, month, deadlines),
                sent.get((row.team_id, str(month))),
                standing.as_of,
            )
            for month in months
        ]
        if all(state is ReportState.ON_TIME for state in states):
            chosen.append(row)
    return chosen
