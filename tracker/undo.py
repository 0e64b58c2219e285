"""Undoing the last change an officer made on the units screen (a unit, a team, a member
or a chat binding, added, edited or removed) or on the tasks screen (a team's assignment
marked done).

The screen keeps what its last save recorded in the audit log (`audit.watched`): the
item's state before and after. Undoing puts `before` back through the service that made
the change, under the same rules and scope checks, and its audit entries say `undo`; the
change itself stays in the log. Nothing is undone when the item no longer holds `after`
(someone changed it since: undoing would throw that change away), when something now
hangs on an item to be removed again, or for a team removal (its members, quotas and
tasks went with it: it is added again by hand, from the audit entry) and for a new task
(its notices to the teams' chats are already queued).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.chats import bind_chat, chat_snapshot, find_chat, unbind_chat
from tracker.config import Settings
from tracker.errors import Refusal
from tracker.hierarchy import find_team
from tracker.maps.lookup import unit_by_code
from tracker.members import MemberForm, add_member, edit_member, member_snapshot, remove_member
from tracker.officers.service_scope import check_chat, check_team, check_units
from tracker.store.models import Chat, Member, Quota, Task, TaskAssignment, Team
from tracker.teams import form_snapshot, remove_team, save_team
from tracker.units import UnitForm, remove_unit, save_unit, snapshot

State = dict[str, Any]
ENTITIES = ("unit", "team", "member", "chat", "task")


@dataclass(frozen=True, slots=True)
class LastChange:
    """One save's change to one item: None `before` for an item added, None `after` for
    one removed. `key` names the item as the audit log does (after the change)."""

    entity: str  # unit, team, member, chat, task
    key: str
    before: State | None
    after: State | None


def last_change(changes: Sequence[audit.Change]) -> LastChange | None:
    """What one save did to its item, from the entries it recorded: a code changed and
    the rest of the form are two entries, merged into one change (the earliest value of
    each field before, the latest after). None when it recorded nothing to undo here."""
    mine = [change for change in changes if change.entity in ENTITIES]
    if not mine:
        return None
    entity = mine[-1].entity
    mine = [change for change in mine if change.entity == entity]
    before = _merged([change.before for change in reversed(mine)])
    after = _merged([change.after for change in mine])
    return LastChange(entity, mine[-1].key, before, after)


def _merged(states: list[State | None]) -> State | None:
    """The states laid over one another, the last one's values on top; None when the
    last says the item did not exist."""
    if states[-1] is None:
        return None
    merged: State = {}
    for state in states:
        merged.update(state or {})
    return merged


class UndoRefused(Refusal):
    """An undo that would throw away a later change, or that this screen cannot make."""


def undo_change(
    session: Session, settings: Settings, change: LastChange, actor: str, language: str | None
) -> str:
    """Put `change.before` back, in the caller's transaction; returns the item's key."""
    with audit.recorded_as(session, "undo"):
        UNDO[change.entity](session, settings, change, actor, language)
    return change.key


def _check_unchanged(change: LastChange, now: State | None) -> None:
    """The item still holds what the change left: otherwise undoing it would also undo
    whatever someone changed since."""
    if now is None:
        raise UndoRefused("undo.gone", item=change.key)
    for name, value in (change.after or {}).items():
        if now.get(name) != value:
            raise UndoRefused("undo.stale", item=change.key, field=name, now=_shown(now.get(name)))


def _check_absent(change: LastChange, now: object | None) -> None:
    """A removed item is added back only while nothing has taken its place."""
    if now is not None:
        raise UndoRefused("undo.back", item=change.key)


def _shown(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, dict):
        return ", ".join(f"{name} {item}" for name, item in value.items())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


# Units


def _unit_form(state: State) -> UnitForm:
    households = state["households"]
    return UnitForm(
        state["code"],
        state["name"],
        state["level"],
        state["parent"] or "",
        "" if households is None else str(households),
    )


def _undo_unit(
    session: Session, settings: Settings, change: LastChange, actor: str, language: str | None
) -> None:
    if change.after is None:
        assert change.before is not None
        _check_absent(change, unit_by_code(session, change.before["code"]))
        save_unit(session, settings, _unit_form(change.before), actor, None, language)
        return
    unit = unit_by_code(session, change.after.get("code", change.key))
    what = f"undo unit {change.key}"
    if unit is not None:
        check_units(session, actor, "write", [unit.id], what=what, entity="unit", key=change.key)
    now = None if unit is None else snapshot(unit)
    _check_unchanged(change, now)
    assert unit is not None and now is not None
    if change.before is None:
        remove_unit(session, unit.code, actor)
    else:
        form = _unit_form({**now, **change.before})
        save_unit(session, settings, form, actor, unit.code, language)


# Teams


def _undo_team(
    session: Session, settings: Settings, change: LastChange, actor: str, language: str | None
) -> None:
    if change.after is None:
        raise UndoRefused("undo.team_removed", code=change.key)
    code = change.after.get("code", change.key)
    team = session.scalars(select(Team).where(Team.code == code)).first()
    if team is not None:
        check_team(session, actor, "write", team, what=f"undo team {change.key}")
    now = None if team is None else form_snapshot(team)
    _check_unchanged(change, now)
    assert team is not None and now is not None
    if change.before is None:
        _check_nothing_hangs_on(session, team)
        remove_team(session, team.code, actor)
        return
    before = {**now, **change.before}
    units = before["units"]
    save_team(session, settings, before["code"], before["name"], units, actor, team.code, language)


def _check_nothing_hangs_on(session: Session, team: Team) -> None:
    """A team added by mistake goes again while it is as it was added: removing it once
    it has members, quotas or tasks would take them with it (remove_team does)."""
    for model, key in (
        (Member, "undo.team_has_members"),
        (Quota, "undo.team_has_quotas"),
        (TaskAssignment, "undo.team_has_tasks"),
    ):
        count = session.scalar(select(func.count()).where(model.team_id == team.id))
        if count:
            raise UndoRefused(key, code=team.code, count=count)


# Members


def _member_form(state: State, accounts: dict[str, str]) -> MemberForm:
    return MemberForm(
        state["name"],
        state["role"],
        state["organization"] or "",
        state["phone"] or "",
        accounts,
    )


def _undo_member(
    session: Session, settings: Settings, change: LastChange, actor: str, language: str | None
) -> None:
    team_code = change.key.partition("/")[0]
    state = change.after or change.before
    assert state is not None
    member = session.scalars(
        select(Member).join(Team).where(Team.code == team_code, Member.name == state["name"])
    ).first()
    if member is not None:
        check_team(session, actor, "write", member.team, what=f"undo member {change.key}")
    if change.after is None:
        _check_absent(change, member)
        form = _member_form(state, dict(state["accounts"]))
        add_member(session, team_code, form, settings.member_caps, actor)
        return
    now = None if member is None else member_snapshot(member)
    _check_unchanged(change, now)
    assert member is not None and now is not None
    if change.before is None:
        remove_member(session, member.id, actor)
        return
    before = {**now, **change.before}
    # An id the change added is cleared: a form keeps the channels it does not name.
    accounts = {channel: "" for channel in now["accounts"]} | before["accounts"]
    edit_member(session, member.id, _member_form(before, accounts), actor)


# Chats


def _undo_chat(
    session: Session, settings: Settings, change: LastChange, actor: str, language: str | None
) -> None:
    state = change.after or change.before
    assert state is not None
    chat = find_chat(session, state["channel"], state["chat_id"])
    if chat is not None:
        check_chat(session, actor, "write", chat, what=f"undo chat {change.key}")
    if change.after is None:
        _check_absent(change, chat)
        _bind(session, settings, state, actor, language)
        return
    _check_unchanged(change, None if chat is None else chat_snapshot(chat))
    if change.before is None:
        unbind_chat(session, state["channel"], state["chat_id"], actor)
    else:
        _bind(session, settings, change.before, actor, language)


def _bind(
    session: Session, settings: Settings, state: State, actor: str, language: str | None
) -> Chat:
    return bind_chat(
        session,
        settings,
        state["channel"],
        state["chat_id"],
        state["title"] or "",
        actor,
        unit=state["unit"] or "",
        team=state["team"] or "",
        language=language,
    )


# Tasks


def _assignment_state(assignment: TaskAssignment) -> State:
    """As mark_done audits it."""
    done_at = assignment.done_at
    return {
        "status": assignment.status,
        "done_at": None if done_at is None else done_at.isoformat(),
        "note": assignment.note,
    }


def _undo_task(
    session: Session, settings: Settings, change: LastChange, actor: str, language: str | None
) -> None:
    """An assignment marked done is open again, as mark_done found it."""
    if change.before is None or change.after is None:
        raise UndoRefused("undo.task_created", code=change.key)
    code, _, team_code = change.key.rpartition("/")
    team = find_team(session, team_code)
    check_team(session, actor, "write", team, what=f"undo task {change.key}")
    assignment = session.scalars(
        select(TaskAssignment)
        .join(Task)
        .where(Task.code == code, TaskAssignment.team_id == team.id)
    ).first()
    now = None if assignment is None else _assignment_state(assignment)
    _check_unchanged(change, now)
    assert assignment is not None
    assignment.status = change.before["status"]
    assignment.done_at = None  # mark_done refuses an assignment done already
    assignment.note = change.before["note"]
    assignment.message_id = None
    session.flush()
    audit.record(session, actor, "undo", "task", change.key, now, _assignment_state(assignment))


Undo = Callable[[Session, Settings, LastChange, str, "str | None"], None]
UNDO: dict[str, Undo] = {
    "unit": _undo_unit,
    "team": _undo_team,
    "member": _undo_member,
    "chat": _undo_chat,
    "task": _undo_task,
}
