"""Units as officers change them one at a time: add, edit (code included) and remove.

Adding and editing go through the `units` importer with a one-row table, so a form obeys
the same rules as a file (levels, parents, cycles, households behind % quotas) and is
audited the same way. Renaming a code and removing a unit are what a file cannot say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.config import Settings
from tracker.errors import Refusal
from tracker.hierarchy import find_unit
from tracker.imports import import_form
from tracker.store.models import Chat, TaskAssignment, Team, TeamUnit, Unit


class UnitError(Refusal):
    """A change to the hierarchy that the rules refuse; the message says why."""


@dataclass(frozen=True, slots=True)
class UnitForm:
    code: str
    name: str
    level: str  # "xã", "commune", "thôn"... as the importer reads it
    parent: str = ""  # the parent's code; empty for a top unit
    households: str = ""


def save_unit(
    session: Session,
    settings: Settings,
    form: UnitForm,
    actor: str,
    old_code: str | None = None,
    language: str | None = None,
) -> Unit:
    """Add a unit (old_code None) or change the unit now coded `old_code`."""
    code = form.code.strip()
    settle_code(session, Unit, "unit", code, old_code, actor)
    cells = {
        "code": code,
        "name": form.name,
        "level": form.level,
        "parent": form.parent,
        "households": form.households,
    }
    import_form(session, "units", cells, settings, actor, language)
    session.expire_all()  # the importer wrote with bulk statements
    return find_unit(session, code)


def remove_unit(session: Session, code: str, actor: str) -> None:
    """Remove a unit nothing depends on; otherwise say what still hangs on it."""
    unit = find_unit(session, code)
    children = session.scalars(select(Unit.code).where(Unit.parent_id == unit.id).limit(4)).all()
    if children:
        raise UnitError("unit.has_children", code=code, items=listed(children))
    teams = session.scalars(
        select(Team.code).join(TeamUnit).where(TeamUnit.unit_id == unit.id).limit(4)
    ).all()
    if teams:
        raise UnitError("unit.has_teams", code=code, items=listed(teams))
    refuse_while_chats_bound(session, Chat.unit_id == unit.id, "unit", code)
    via = session.scalar(
        select(func.count())
        .select_from(TaskAssignment)
        .where(TaskAssignment.via_unit_id == unit.id)
    )
    if via:
        raise UnitError("unit.has_tasks", code=code, count=via)
    before = snapshot(unit)
    session.delete(unit)
    session.flush()
    audit.record(session, actor, "delete", "unit", code, before, None)


def refuse_while_chats_bound(
    session: Session, bound: ColumnElement[bool], entity: str, code: str
) -> None:
    """A unit or team with chats bound to it stays until they are unbound, so that no
    chat loses its binding (and its digests) without an officer deciding it."""
    chats = session.execute(select(Chat.channel, Chat.chat_id).where(bound).limit(4)).all()
    if chats:
        shown = listed([f"{channel} {chat_id}" for channel, chat_id in chats])
        raise UnitError(f"{entity}.has_chats", code=code, items=shown)


def settle_code(
    session: Session, model: Any, entity: str, code: str, old_code: str | None, actor: str
) -> None:
    """Before a form is saved: a new code must be free, an edited item must exist, and an
    edited item whose code changed is renamed first, so the importer finds it by its code."""
    if old_code is None:
        if exists(session, model, code):
            raise UnitError(f"{entity}.code_taken", code=code)
        return
    if not exists(session, model, old_code):
        raise UnitError(f"{entity}.unknown", code=old_code)
    if code != old_code:
        rename(session, model, entity, old_code, code, actor)


def rename(session: Session, model: Any, entity: str, old: str, new: str, actor: str) -> None:
    """Give a unit or a team a new code, unique among its kind; rows refer to it by id."""
    if not new:
        raise UnitError(f"{entity}.needs_code", code=old)
    if len(new) > 64:
        raise UnitError("code.too_long", code=new)
    if exists(session, model, new):
        raise UnitError(f"{entity}.code_taken", code=new)
    item = session.scalars(select(model).where(model.code == old)).first()
    if item is None:
        raise UnitError(f"{entity}.unknown", code=old)
    item.code = new
    session.flush()
    audit.record(session, actor, "update", entity, new, {"code": old}, {"code": new})


def snapshot(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.code if unit.parent else None,
        "households": unit.households,
    }


def exists(session: Session, model: Any, code: str) -> bool:
    return session.scalar(select(model.id).where(model.code == code)) is not None


def listed(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:3])
    return shown + ", ..." if len(codes) > 3 else shown
