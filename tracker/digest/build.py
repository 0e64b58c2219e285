"""Building digests from the store: units' (for their chats) and a team's (for its own group).

The period of a digest is the month of its date, counted up to and including that date.
"Movers" compare each team's score with the same month counted up to the day before.

A team's score does not depend on the scope it is ranked in, so the digests of many units
come from the standing of their top-most unit, computed once (today and yesterday in one
scan of the entries) and cut down to each unit's subtree: `build_unit_digests` is how
`tracker sync` should build the digests of every unit chat in one go.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.deadlines import ReportState, TaskState, report_deadline
from tracker.digest.model import Digest, Mover, TaskLine
from tracker.hierarchy import LISTED_TEAMS, parent_of_team, subtrees
from tracker.maps.history import open_at, span_text, team_active, team_works_on, versions_at
from tracker.maps.messages import MapRefusal
from tracker.periods import Period
from tracker.standing import Overdue, Standing, compute_standing, compute_standings
from tracker.store.models import Team, TeamUnit, Unit
from tracker.tasks import TaskView, list_tasks

DUE_SOON_DAYS = 3
MOVERS = 3


def build_unit_digest(session: Session, unit: Unit, day: date, settings: Settings) -> Digest:
    return build_unit_digests(session, [unit], day, settings)[unit.id]


def build_unit_digests(
    session: Session, units: Sequence[Unit], day: date, settings: Settings
) -> dict[int, Digest]:
    """The digest of every unit given, by unit id."""
    period = Period.month_of(day)
    plain = not versions_at(session, day)
    tree = subtrees([unit.id for unit in units], at=day, plain=plain)
    parents: dict[int, int | None] = {
        unit_id: parent for unit_id, parent in session.execute(select(tree.c.id, tree.c.parent_id))
    }
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        if parent is not None:
            children[parent].append(child)
    unit_teams: dict[int, set[int]] = defaultdict(set)
    # The teams working this month (up to `day`): a retired team is not ranked any more.
    links = (
        select(TeamUnit.team_id, TeamUnit.unit_id)
        .join(Team, Team.id == TeamUnit.team_id)
        .where(
            TeamUnit.unit_id.in_(select(tree.c.id)),
            open_at(TeamUnit.__table__, day),
            team_active(period.start, day),
        )
    )
    for team_id, unit_id in session.execute(links):
        unit_teams[unit_id].add(team_id)
    by_id = {unit.id: unit for unit in units}
    digests = {}
    for root_id in sorted({_root(unit.id, by_id, parents) for unit in units}):
        root = by_id[root_id]
        under_root = _teams_under(root_id, children, unit_teams)
        listed = sorted(under_root) if len(under_root) <= LISTED_TEAMS else None
        today, yesterday = compute_standings(
            session,
            root,
            period,
            day,
            settings.deadlines,
            [day, day - timedelta(days=1)],
            team_ids=listed,
        )
        tasks = list_tasks(session, root, day, team_ids=listed)
        for unit in units:
            if _root(unit.id, by_id, parents) != root_id:
                continue
            teams = _teams_under(unit.id, children, unit_teams)
            digests[unit.id] = _unit_digest(
                unit,
                day,
                _cut(today, unit, teams),
                _cut(yesterday, unit, teams),
                tasks,
                settings.deadlines,
            )
    return digests


def _root(unit_id: int, chosen: Mapping[int, Unit], parents: Mapping[int, int | None]) -> int:
    """The top-most unit among `chosen` whose subtree holds `unit_id`."""
    top, current = unit_id, parents.get(unit_id)
    while current is not None:
        if current in chosen:
            top = current
        current = parents.get(current)
    return top


def _teams_under(
    unit_id: int, children: Mapping[int, list[int]], unit_teams: Mapping[int, set[int]]
) -> set[int]:
    teams: set[int] = set()
    stack = [unit_id]
    while stack:
        current = stack.pop()
        teams |= unit_teams.get(current, set())
        stack.extend(children.get(current, ()))
    return teams


def _cut(standing: Standing, unit: Unit, teams: set[int]) -> Standing:
    """The standing of a subtree: the same order, ranks counted again from 1."""
    rows = [row for row in standing.rows if row.team_id in teams]
    ranked = [
        replace(row, rank=position if row.rank is not None else None)
        for position, row in enumerate(rows, 1)
    ]
    return replace(standing, scope=unit.code, scope_name=unit.name, rows=ranked)


def _unit_digest(
    unit: Unit,
    day: date,
    standing: Standing,
    yesterday: Standing,
    tasks: list[TaskView],
    deadlines: Mapping[str, int],
) -> Digest:
    codes = {row.team for row in standing.rows}
    mine = [
        replace(view, assignments=tuple(a for a in view.assignments if a.team in codes))
        for view in tasks
    ]
    return Digest(
        kind="unit",
        scope=unit.code,
        scope_name=unit.name,
        date=day,
        period=standing.period,
        standing=standing,
        # The roll-up of the cells: the same numbers as standing.query.rollup() gives.
        totals=standing.totals,
        overdue=overdue_in(standing, deadlines),
        tasks_overdue=_task_lines(mine, day, overdue=True),
        tasks_due_soon=_task_lines(mine, day, overdue=False),
        movers=_movers(yesterday, standing),
    )


def overdue_in(standing: Standing, deadlines: Mapping[str, int]) -> list[Overdue]:
    """The teams of a month's standing whose report is missing; as `overdue_teams` gives."""
    found = []
    for row in standing.rows:
        if row.monthly_report == ReportState.MISSING:
            due = report_deadline(row.level, standing.period, deadlines)
            found.append(Overdue(row.team, row.name, due, (standing.as_of - due).days, row.level))
    return sorted(found, key=lambda row: (-row.days_late, row.team))


def digest_for_team(session: Session, team: Team, day: date, settings: Settings) -> Digest:
    """The team's standing per indicator, its rank among its siblings, its open tasks."""
    if not team_works_on(team, day):
        raise MapRefusal(
            "team.not_active",
            code=team.code,
            span=span_text(team.active_from, team.retired_on),
            day=day.isoformat(),
        )
    if parent_of_team(session, team) is None:
        raise ValueError(f"team {team.code} covers no unit")
    return digests_for_teams(session, [team], day, settings)[team.id]


def digests_for_teams(
    session: Session, teams: Sequence[Team], day: date, settings: Settings
) -> dict[int, Digest]:
    """The team digest of each team that covers a unit and works on `day`, by team id.
    Siblings share their parent's standing and task list, computed once for all of them."""
    period = Period.month_of(day)
    by_parent: dict[int, tuple[Unit, list[Team]]] = {}
    for team in teams:
        if not team_works_on(team, day):
            continue  # retired, or not founded yet: no standing of its own that day
        parent = parent_of_team(session, team)
        if parent is not None:
            by_parent.setdefault(parent.id, (parent, []))[1].append(team)
    digests = {}
    for parent, members in by_parent.values():
        wide = compute_standing(session, parent, period, day, settings.deadlines, until=day)
        tasks = list_tasks(session, parent, day)
        for team in members:
            digests[team.id] = _team_digest(team, day, period, wide, tasks, settings)
    return digests


def _team_digest(
    team: Team,
    day: date,
    period: Period,
    wide: Standing,
    tasks: list[TaskView],
    settings: Settings,
) -> Digest:
    standing = _siblings(wide, team.level)
    row = standing.row(team.code)
    open_tasks = [
        TaskLine(view.code, view.title, view.due, (team.code,))
        for view in tasks
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
        overdue=[o for o in overdue_in(standing, settings.deadlines) if o.team == team.code],
        team=row,
        open_tasks=open_tasks,
        report_due=report_deadline(team.level, period, settings.deadlines),
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
