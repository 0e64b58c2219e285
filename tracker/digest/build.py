"""Building digests from the store: a unit's (for its chats) and a team's (for its own group).

The period of a digest is the month of its date, counted up to and including that date.
"Movers" compare each team's score with the same month counted up to the day before.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.deadlines import TaskState
from tracker.digest.model import Digest, Mover, TaskLine
from tracker.hierarchy import parent_of_team
from tracker.periods import Period
from tracker.standing import Standing, compute_standing, overdue_teams, rollup
from tracker.store.models import Team, Unit
from tracker.tasks import TaskView, list_tasks

DUE_SOON_DAYS = 3
MOVERS = 3


def build_unit_digest(session: Session, unit: Unit, day: date, settings: Settings) -> Digest:
    period = Period.month_of(day)
    standing = compute_standing(session, unit, period, day, settings.deadlines, until=day)
    yesterday = compute_standing(
        session, unit, period, day, settings.deadlines, until=day - timedelta(days=1)
    )
    tasks = list_tasks(session, unit, day)
    return Digest(
        kind="unit",
        scope=unit.code,
        scope_name=unit.name,
        date=day,
        period=period,
        standing=standing,
        totals=rollup(session, unit, period, until=day),
        overdue=overdue_teams(session, unit.id, day, settings.deadlines),
        tasks_overdue=_task_lines(tasks, day, overdue=True),
        tasks_due_soon=_task_lines(tasks, day, overdue=False),
        movers=_movers(yesterday, standing),
    )


def digest_for_team(session: Session, team: Team, day: date, settings: Settings) -> Digest:
    """The team's standing per indicator, its rank among its siblings, its open tasks."""
    period = Period.month_of(day)
    parent = parent_of_team(session, team)
    if parent is None:
        raise ValueError(f"team {team.code} covers no unit")
    wide = compute_standing(session, parent, period, day, settings.deadlines, until=day)
    standing = _siblings(wide, team.level)
    row = standing.row(team.code)
    open_tasks = [
        TaskLine(view.code, view.title, view.due, (team.code,))
        for view in list_tasks(session, parent, day)
        for assignment in view.assignments
        if assignment.team == team.code and assignment.status in (TaskState.OPEN, TaskState.OVERDUE)
    ]
    return Digest(
        kind="team",
        scope=team.code,
        scope_name=team.name,
        date=day,
        period=period,
        standing=standing,
        totals=dict(row.indicators) if row else {},
        overdue=[
            o
            for o in overdue_teams(session, parent.id, day, settings.deadlines)
            if o.team == team.code
        ],
        team=row,
        open_tasks=open_tasks,
    )


def _siblings(standing: Standing, level: str) -> Standing:
    """The standing restricted to teams of one level, ranked again among themselves."""
    rows = [row for row in standing.rows if row.level == level]
    ranked = [
        replace(row, rank=position if row.rank is not None else None)
        for position, row in enumerate(rows, 1)
    ]
    return replace(standing, rows=ranked)


def _task_lines(tasks: list[TaskView], day: date, overdue: bool) -> list[TaskLine]:
    lines = []
    for view in tasks:
        if overdue:
            teams = [a.team for a in view.assignments if a.status is TaskState.OVERDUE]
        elif 0 <= (view.due - day).days <= DUE_SOON_DAYS:
            teams = [a.team for a in view.assignments if a.status is TaskState.OPEN]
        else:
            teams = []
        if teams:
            lines.append(TaskLine(view.code, view.title, view.due, tuple(teams)))
    return lines


def _movers(before: Standing, after: Standing) -> list[Mover]:
    earlier = {row.team: row for row in before.rows}
    moves = []
    for row in after.rows:
        old = earlier.get(row.team)
        if row.score is None or old is None or old.score is None:
            continue
        if row.score - old.score > 1e-9:
            moves.append(Mover(row.team, row.name, old.score, row.score, old.rank, row.rank))
    moves.sort(key=lambda move: (-round(move.change, 9), move.team))
    return moves[:MOVERS]
