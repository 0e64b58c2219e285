"""Teams whose monthly report is missing (CONTRACTS §6).

On day D the month in question is the month of D: a team is overdue when D is after its
level's deadline in that month and it had sent no monthly report for that month by D.
(Before the deadline of D's month nobody is overdue for it; last month's stragglers are
not carried over — the deadline has moved on to the new month's report.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from tracker.clock import local_date
from tracker.deadlines import ReportState, report_deadline, report_state
from tracker.maps.history import owes_report
from tracker.maps.tree import scope_team_ids
from tracker.periods import Period
from tracker.store import tables

if TYPE_CHECKING:
    from tracker.store.engine import Reader


@dataclass(frozen=True, slots=True)
class Overdue:
    team: str
    name: str
    due: date
    days_late: int
    level: str = "village"

    def as_json(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "name": self.name,
            "due": self.due.isoformat(),
            "days_late": self.days_late,
        }


def overdue_teams(
    session: Reader,
    scope_id: int | None,
    on: date,
    deadlines: Mapping[str, int],
    month: Period | None = None,
) -> list[Overdue]:
    """Missing monthly reports for `month` (that of `on` if None) as seen on `on`, the most
    days late first, then by team code."""
    month = month or Period.month_of(on)
    # Core tables: `tracker overdue` reads through a Connection, without the ORM.
    reports, teams = tables.monthly_reports, tables.teams
    statement = (
        select(
            teams.c.code,
            teams.c.name,
            teams.c.level,
            reports.c.submitted_at,
            teams.c.active_from,
            teams.c.retired_on,
        )
        .select_from(teams)
        .outerjoin(reports, and_(reports.c.team_id == teams.c.id, reports.c.month == str(month)))
        .where(teams.c.id.in_(scope_team_ids(session, scope_id, month.end, month.start)))
        .order_by(teams.c.code)
    )
    found = []
    for code, name, level, submitted, active_from, retired_on in session.execute(statement):
        if submitted is not None and local_date(submitted) > on:
            submitted = None
        due = report_deadline(level, month, deadlines)
        if not owes_report(active_from, retired_on, due):
            continue  # founded after the deadline or retired by then: nothing was due

        if report_state(due, submitted, on) is ReportState.MISSING:
            found.append(Overdue(code, name, due, (on - due).days, level))
    return sorted(found, key=lambda row: (-row.days_late, row.team))
