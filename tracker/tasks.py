"""Tasks (CONTRACTS §5): one-off work with a due date, assigned to teams or to every team
under a unit. Adding, listing with each assignment's state, and marking done (audited)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.clock import VIETNAM, local_date, utcnow
from tracker.deadlines import TaskState, task_state
from tracker.errors import Refusal
from tracker.hierarchy import find_team, scope_team_ids, team_ids_under
from tracker.maps.lookup import unit_by_code
from tracker.officers.service_scope import check_team, check_units
from tracker.store.models import Task, TaskAssignment, Team, TeamUnit, Unit
from tracker.task_notices import queue_task_notices


@dataclass(frozen=True, slots=True)
class AssignmentView:
    team: str
    name: str
    status: TaskState
    done_at: datetime | None
    note: str | None = None  # what the team said when done (`/xong CODE note`)

    def as_json(self) -> dict[str, Any]:
        done = None if self.done_at is None else self.done_at.astimezone(VIETNAM).isoformat()
        return {"team": self.team, "status": str(self.status), "done_at": done}


@dataclass(frozen=True, slots=True)
class TaskView:
    code: str
    title: str
    due: date
    assignments: tuple[AssignmentView, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "due": self.due.isoformat(),
            "assignments": [a.as_json() for a in self.assignments],
        }


def add_task(
    session: Session,
    code: str,
    title: str,
    due: date,
    assignees: Sequence[str],
    actor: str,
    description: str = "",
    language: str = "vi",
) -> Task:
    """A new task for every team named, and every team under every unit named; each team's
    chats are told of it in `language`, once, through the outbox (tracker/task_notices.py)."""
    if session.scalars(select(Task.id).where(Task.code == code)).first() is not None:
        raise Refusal("task.exists", code=code)
    if not assignees:
        raise Refusal("task.no_assignee")
    task = Task(code=code, title=title, description=description, due=due)
    seen: set[int] = set()
    resolved = [(name, list(_resolve(session, name))) for name in assignees]
    check_units(
        session,
        actor,
        "write",
        _places(session, [pair for _, pairs in resolved for pair in pairs]),
        what=f"task add {code}",
        entity="task",
        key=code,
    )
    for _name, pairs in resolved:
        for team, via_unit in pairs:
            if team.id not in seen:
                seen.add(team.id)
                task.assignments.append(TaskAssignment(team=team, via_unit=via_unit))
    if not task.assignments:
        raise Refusal("task.no_team_under", items=", ".join(assignees))
    session.add(task)
    session.flush()
    _audit(session, actor, "create", code, None, _snapshot(task))
    queue_task_notices(session, task, language)
    return task


def _places(session: Session, pairs: Iterable[tuple[Team, Unit | None]]) -> list[int | None]:
    """The units a task's assignments reach: each unit named, and each named team's units."""
    places: list[int | None] = []
    for team, via_unit in pairs:
        if via_unit is not None:
            places.append(via_unit.id)
        else:
            covered = session.scalars(select(TeamUnit.unit_id).where(TeamUnit.team_id == team.id))
            places.extend(list(covered) or [None])
    return places


def _resolve(session: Session, name: str) -> Iterable[tuple[Team, Unit | None]]:
    team = session.scalars(select(Team).where(Team.code == name)).first()
    if team is not None:
        return [(team, None)]
    # The unit the code names today: an ended unit may have left its code to a new one.
    unit = unit_by_code(session, name)
    if unit is None:
        raise Refusal("code.unknown_team_or_unit", code=name)
    teams = session.scalars(
        select(Team).where(Team.id.in_(team_ids_under(unit.id))).order_by(Team.code)
    )
    return [(team, unit) for team in teams]


def list_tasks(
    session: Session, scope: Unit | None, on: date, team_ids: Collection[int] | None = None
) -> list[TaskView]:
    """Tasks with at least one assignment in scope (all if None), by due date then code.

    `team_ids`, when the caller knows them already, stands for the teams of the scope.
    """
    statement = (
        select(
            Task.code,
            Task.title,
            Task.due,
            Team.code,
            Team.name,
            TaskAssignment.done_at,
            TaskAssignment.note,
        )
        .join(TaskAssignment, TaskAssignment.task_id == Task.id)
        .join(Team, Team.id == TaskAssignment.team_id)
        .order_by(Task.due, Task.code, Team.code)
    )
    if team_ids is not None:
        statement = statement.where(TaskAssignment.team_id.in_(list(team_ids)))
    elif scope is not None:
        ids = scope_team_ids(session, scope.id, on)
        statement = statement.where(TaskAssignment.team_id.in_(ids))
    grouped: dict[str, tuple[str, date, list[AssignmentView]]] = {}
    for code, title, due, team, name, done_at, note in session.execute(statement):
        assignments = grouped.setdefault(code, (title, due, []))[2]
        state = task_state(due, done_at, on)
        assignments.append(AssignmentView(team, name, state, done_at, note))
    return [
        TaskView(code, title, due, tuple(assignments))
        for code, (title, due, assignments) in grouped.items()
    ]


def mark_done(
    session: Session,
    code: str,
    team_code: str,
    actor: str,
    note: str | None = None,
    at: datetime | None = None,
    message_id: int | None = None,
) -> TaskAssignment:
    """Mark a team's assignment done; done twice keeps the first time and says so."""
    team = find_team(session, team_code)
    check_team(session, actor, "write", team, what=f"task done {code} {team.code}")
    assignment = session.scalars(
        select(TaskAssignment)
        .join(Task)
        .where(Task.code == code, TaskAssignment.team_id == team.id)
    ).first()
    if assignment is None:
        raise Refusal("task.not_assigned", code=code, team=team_code)
    if assignment.status == "done" and assignment.done_at is not None:
        day = local_date(assignment.done_at).isoformat()
        raise Refusal("task.already_done", code=code, team=team_code, day=day)
    before = {"status": assignment.status, "done_at": None, "note": assignment.note}
    complete(assignment, at or utcnow(), note, message_id)
    session.flush()
    assert assignment.done_at is not None
    after = {"status": "done", "done_at": assignment.done_at.isoformat(), "note": note}
    _audit(session, actor, "done", f"{code}/{team_code}", before, after)
    return assignment


def complete(
    assignment: TaskAssignment, at: datetime, note: str | None, message_id: int | None = None
) -> bool:
    """Record that the assignment was done at `at`, unless it was already done earlier.

    A deadline is measured against the EARLIEST completion whatever order reports arrive
    in (chat `/xong`, an officer): a later one changes nothing, and the same time again
    (an edited message) updates the note. True if recorded. The one place an assignment
    becomes done.
    """
    if assignment.done_at is not None and assignment.done_at < at:
        return False
    assignment.status = "done"
    assignment.done_at = at
    assignment.message_id = message_id
    assignment.note = note or None
    return True


@dataclass(frozen=True, slots=True)
class TaskMatrix:
    """The tasks in scope against the teams in scope: a team without an assignment has none."""

    tasks: list[TaskView]
    teams: list[tuple[str, str]]  # code, name; by code

    def cell(self, task: TaskView, team: str) -> AssignmentView | None:
        return next((a for a in task.assignments if a.team == team), None)


def task_matrix(session: Session, scope: Unit, on: date) -> TaskMatrix:
    ids = scope_team_ids(session, scope.id, on)
    teams = session.execute(
        select(Team.code, Team.name).where(Team.id.in_(ids)).order_by(Team.code)
    ).all()
    tasks = list_tasks(session, scope, on)
    return TaskMatrix(tasks, [(code, name) for code, name in teams])


def _snapshot(task: Task) -> dict[str, Any]:
    return {
        "code": task.code,
        "title": task.title,
        "due": task.due.isoformat(),
        "teams": [a.team.code for a in task.assignments],
    }


def _audit(session: Session, actor: str, action: str, key: str, before: Any, after: Any) -> None:
    audit.record(session, actor, action, "task", key, before, after)
