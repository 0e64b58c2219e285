"""Each team's month under a scope (`tracker monthly list`, the TUI's monthly screen), and
for a unit above the teams, each child unit's completeness.

status: not_due, missing, on_time, late (as the deadline sees it), or the officer's
decision, returned or approved; timeliness keeps on_time/late after a decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.clock import local_date
from tracker.deadlines import ReportState
from tracker.hierarchy import scope_team_ids
from tracker.maps.history import children_at
from tracker.monthly.statuses import MonthlyStatus, monthly_statuses
from tracker.periods import Period
from tracker.store.models import MonthlyDecision, Team, Unit

STATUSES = ("not_due", "missing", "on_time", "late", "returned", "approved")
_TIMELINESS = {
    ReportState.ON_TIME: "on_time",
    ReportState.LATE: "late",
    ReportState.MISSING: "missing",
    ReportState.NOT_YET_DUE: "not_due",
}


@dataclass(frozen=True, slots=True)
class TeamMonth:
    team: str
    name: str
    level: str
    due: date
    status: str
    timeliness: str
    submitted_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    report: MonthlyStatus

    @property
    def reported(self) -> bool:
        return self.submitted_at is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "name": self.name,
            "level": self.level,
            "due": self.due.isoformat(),
            "status": self.status,
            "timeliness": self.timeliness,
            "submitted_at": _iso(self.submitted_at),
            "decided_by": self.decided_by,
            "decided_at": _iso(self.decided_at),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class UnitCompleteness:
    """One child unit of the scope: its teams expected, reports received, on time, approved."""

    unit: str
    name: str
    expected: int
    received: int
    on_time: int
    approved: int

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "name": self.name,
            "expected": self.expected,
            "received": self.received,
            "on_time": self.on_time,
            "approved": self.approved,
        }


@dataclass(frozen=True, slots=True)
class MonthList:
    scope: str
    scope_name: str
    month: Period
    teams: list[TeamMonth]
    units: list[UnitCompleteness] = field(default_factory=list)

    def team(self, code: str) -> TeamMonth | None:
        return next((row for row in self.teams if row.team == code), None)

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "scope": self.scope,
            "month": str(self.month),
            "teams": [row.as_json() for row in self.teams],
        }
        if self.units:
            document["units"] = [unit.as_json() for unit in self.units]
        return document


def month_list(
    session: Session, scope: Unit, month: Period, on: date, deadlines: Mapping[str, int]
) -> MonthList:
    """Every team under `scope` by team code, as seen on `on`, and each child unit's counts."""
    statuses = monthly_statuses(session, scope, month, on, deadlines)
    ids: dict[str, int] = {
        code: team_id
        for code, team_id in session.execute(
            select(Team.code, Team.id).where(Team.code.in_([s.team for s in statuses]))
        )
    }
    decisions = {
        decision.team_id: decision
        for decision in session.scalars(
            select(MonthlyDecision).where(
                MonthlyDecision.month == str(month), MonthlyDecision.team_id.in_(ids.values())
            )
        )
    }
    teams = [_team_month(status, decisions.get(ids[status.team]), on) for status in statuses]
    by_code = {row.team: row for row in teams}
    units = []
    # The children on the month's map: no ended district listed empty beside the communes.
    for child in children_at(session, scope.id, month.end):
        codes = set(
            session.scalars(
                select(Team.code).where(
                    Team.id.in_(scope_team_ids(session, child.id, month.end, month.start))
                )
            )
        )
        rows = [by_code[code] for code in sorted(codes) if code in by_code]
        units.append(
            UnitCompleteness(
                child.code,
                child.name,
                expected=len(rows),
                received=sum(row.reported for row in rows),
                on_time=sum(row.timeliness == "on_time" for row in rows),
                approved=sum(row.status == "approved" for row in rows),
            )
        )
    return MonthList(scope.code, scope.name, month, teams, units)


def _team_month(status: MonthlyStatus, decision: MonthlyDecision | None, on: date) -> TeamMonth:
    timeliness = _TIMELINESS[status.state]
    # A decision made after the day asked about is not seen yet, like the report itself.
    seen = decision is not None and local_date(decision.decided_at) <= on
    shown = decision if seen and status.submitted_at is not None else None
    return TeamMonth(
        team=status.team,
        name=status.name,
        level=status.level,
        due=status.deadline,
        status=shown.status if shown is not None else timeliness,
        timeliness=timeliness,
        submitted_at=status.submitted_at,
        decided_by=shown.decided_by if shown is not None else None,
        decided_at=shown.decided_at if shown is not None else None,
        reason=shown.reason if shown is not None else None,
        report=status,
    )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def sent_day(row: TeamMonth) -> date | None:
    return None if row.submitted_at is None else local_date(row.submitted_at)
