"""`tracker import tasks`: one-off work with a due date, for teams or every team under a unit.

Re-importing a task updates its title, due date and description and brings its
assignments in line with the file, except that an assignment already done is kept with
its status: the record of work done is not lost because a list was edited.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.imports import values
from tracker.imports.base import ImportRun, by_code, chunks, duplicates, pairs
from tracker.imports.reading import Row, Spec
from tracker.store.models import Task, TaskAssignment, Team, TeamUnit, Unit
from tracker.task_notices import queue_task_notices

SPEC = Spec(
    "tasks",
    ("code", "title", "due", "assignees", "description"),
    ("code", "title", "due", "assignees"),
)


class _Hierarchy:
    """Every unit's children and every unit's teams, read once for all rows."""

    def __init__(self, job: ImportRun) -> None:
        self.children: dict[int, list[int]] = defaultdict(list)
        for unit_id, parent_id in job.session.execute(select(Unit.id, Unit.parent_id)):
            if parent_id is not None:
                self.children[parent_id].append(unit_id)
        self.teams: dict[int, set[int]] = defaultdict(set)
        for team_id, unit_id in job.session.execute(select(TeamUnit.team_id, TeamUnit.unit_id)):
            self.teams[unit_id].add(team_id)

    def teams_under(self, unit_id: int) -> set[int]:
        """Teams covering the unit itself or any unit below it."""
        found: set[int] = set()
        stack = [unit_id]
        while stack:
            current = stack.pop()
            found |= self.teams[current]
            stack.extend(self.children[current])
        return found


def run(job: ImportRun) -> None:
    rows = duplicates(job, (r for r in job.table.rows if job.required(r, "code")), "code", _code)
    names = [name for row in rows for name in row.items("assignees")]
    teams = by_code(job.session, Team, names)
    units = by_code(job.session, Unit, (name for name in names if name not in teams))
    hierarchy = _Hierarchy(job) if units else None
    dues: dict[int, date] = {}
    targets: dict[int, dict[int, int | None]] = {}  # row -> team id -> via unit id
    for row in rows:
        job.required(row, "title")
        for column, limit in (("code", 64), ("title", 300)):
            if len(row[column]) > limit:
                job.problem(row, column, "import.too_long", limit=limit)
        if text := job.required(row, "due"):
            due = values.day(text)
            if due is None:
                job.problem(row, "due", "import.bad_date", value=text)
            else:
                dues[row.number] = due
        if job.required(row, "assignees"):
            targets[row.number] = _assignees(job, row, teams, units, hierarchy)
    job.check()
    _write(job, rows, dues, targets, _team_codes(job, targets))


def _team_codes(job: ImportRun, targets: dict[int, dict[int, int | None]]) -> dict[int, str]:
    ids = sorted({team_id for chosen in targets.values() for team_id in chosen})
    codes: dict[int, str] = {}
    for part in chunks(ids):
        codes.update(
            pairs(job.session.execute(select(Team.id, Team.code).where(Team.id.in_(part))))
        )
    return codes


def _code(row: Row) -> str:
    return row["code"]


def _assignees(
    job: ImportRun,
    row: Row,
    teams: dict[str, Team],
    units: dict[str, Unit],
    hierarchy: _Hierarchy | None,
) -> dict[int, int | None]:
    chosen: dict[int, int | None] = {}
    via_units: list[tuple[str, Unit]] = []
    for name in row.items("assignees"):
        if name in teams:
            chosen[teams[name].id] = None  # named directly: that wins over any unit
        elif name in units:
            via_units.append((name, units[name]))
        else:
            job.problem(row, "assignees", "import.unknown_assignee", value=name)
    for name, unit in via_units:
        assert hierarchy is not None
        under = hierarchy.teams_under(unit.id)
        if not under:
            job.problem(row, "assignees", "import.no_team_under", value=name)
        for team_id in sorted(under):
            chosen.setdefault(team_id, unit.id)
    return chosen


def _write(
    job: ImportRun,
    rows: list[Row],
    dues: dict[int, date],
    targets: dict[int, dict[int, int | None]],
    team_codes: dict[int, str],
) -> None:
    query = (
        select(Task)
        .where(Task.code.in_([row["code"] for row in rows]))
        .options(selectinload(Task.assignments).selectinload(TaskAssignment.team))
    )
    existing = {task.code: task for task in job.session.scalars(query)}
    written: list[Task] = []
    for row in rows:
        task = existing.get(row["code"])
        before = None if task is None else _snapshot(task, {})
        if task is None:
            task = Task(code=row["code"], assignments=[])
            job.session.add(task)
        task.title = row["title"]
        task.due = dues[row.number]
        if job.table.has("description") or before is None:
            task.description = row["description"]
        _assign(task, targets[row.number])
        written.append(task)
        job.record("task", task.code, before, _snapshot(task, team_codes))
    job.session.flush()
    for task in written:
        # Each team newly assigned hears of the task once (the key makes it once).
        queue_task_notices(job.session, task, job.language)
    job.write_audit()


def _assign(task: Task, wanted: dict[int, int | None]) -> None:
    for assignment in list(task.assignments):
        if assignment.team_id not in wanted and assignment.status == "open":
            task.assignments.remove(assignment)
    present = {assignment.team_id: assignment for assignment in task.assignments}
    for team_id, via in wanted.items():
        if team_id in present:
            present[team_id].via_unit_id = via
        else:
            task.assignments.append(TaskAssignment(team_id=team_id, via_unit_id=via))


def _snapshot(task: Task, team_codes: dict[int, str]) -> dict[str, Any]:
    def team(assignment: TaskAssignment) -> str:
        if assignment.team_id in team_codes:
            return team_codes[assignment.team_id]
        return assignment.team.code if assignment.team else str(assignment.team_id)

    return {
        "code": task.code,
        "title": task.title,
        "due": task.due.isoformat(),
        "description": task.description,
        "assignees": sorted(team(assignment) for assignment in task.assignments),
    }
