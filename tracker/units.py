"""Units as officers change them one at a time: add, edit (code included) and remove.

A form obeys the rules a `units` file obeys (levels, parents, cycles, households behind
% quotas) and says so in the same words; renaming a code and removing a unit are what a
file cannot say. Each change is checked here, written, and audited with before and after.
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
from tracker.forms import FormCheck
from tracker.hierarchy import find_unit
from tracker.households import recompute_share_targets
from tracker.imports import values, vocab
from tracker.imports.units import ALLOWED_PARENTS
from tracker.maps.lookup import code_held, unit_by_code
from tracker.store.models import Chat, Quota, TaskAssignment, Team, TeamUnit, Unit


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
    """Add a unit (old_code None) or change the unit now coded `old_code`.

    FormRefused names every field that breaks a rule; the caller's transaction is then
    rolled back, a rename included."""
    from tracker.officers.service_scope import check_unit_form

    code = form.code.strip()
    what = f"unit save {code}"
    check_unit_form(session, actor, code, old_code, form.parent.strip(), what=what)
    settle_code(session, Unit, "unit", code, old_code, actor)
    unit = unit_by_code(session, code)  # today's: an ended unit may have left its code
    before = None if unit is None else snapshot(unit)
    form_check = FormCheck(language or settings.language)
    name = form_check.required("name", form.name)
    form_check.at_most("name", name, 200)
    households = _households(form_check, form.households)
    parent = _parent(session, form_check, unit, code, form.parent.strip())
    form_check.check()  # a cycle or an unknown parent says nothing about the level
    level = _level(form_check, form.level, parent)
    if unit is not None and level is not None and level != unit.level:
        _check_level_change(session, form_check, unit, level)
    if unit is not None and households is None and unit.households is not None:
        _check_households_kept(session, form_check, unit)
    form_check.check()
    assert level is not None
    if unit is None:
        unit = Unit(code=code)
        session.add(unit)
    households_changed = unit.households != households
    unit.name, unit.level, unit.parent, unit.households = name, level, parent, households
    session.flush()
    if households_changed and before is not None:
        recompute_share_targets(session, [unit.id])
    after = snapshot(unit)
    if after != before:
        action = "create" if before is None else "update"
        audit.record(session, actor, action, "unit", code, before, after)
    return unit


def _households(form_check: FormCheck, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    households = values.count(text)
    if households is None:
        form_check.problem("households", "import.not_integer", value=text)
    return households


def _parent(
    session: Session, form_check: FormCheck, unit: Unit | None, code: str, parent_code: str
) -> Unit | None:
    """The parent the form names, unless it is unknown, the unit itself or below it."""
    if not parent_code:
        return None
    if parent_code == code:
        form_check.problem("parent", "import.own_parent")
        return None
    parent = unit_by_code(session, parent_code)
    if parent is None:
        form_check.problem("parent", "import.unknown_parent", value=parent_code)
        return None
    if unit is not None:  # a new unit has nothing under it to loop back through
        path: list[str] = [code]
        above: Unit | None = parent
        while above is not None and above.id != unit.id and above.code not in path:
            path.append(above.code)
            above = above.parent
        if above is not None and above.id == unit.id:
            form_check.problem("parent", "import.cycle", path=" → ".join([*path, code]))
            return None
    return parent


def _level(form_check: FormCheck, text: str, parent: Unit | None) -> str | None:
    text = form_check.required("level", text)
    if not text:
        return None
    level = vocab.level(text, has_parent=parent is not None)
    if level is None:
        form_check.problem("level", "import.unknown_level", value=text)
    elif parent is not None and parent.level not in ALLOWED_PARENTS[level]:
        form_check.problem(
            "level",
            "import.level_under",
            level=form_check.level_name(level),
            parent_level=form_check.level_name(parent.level),
            parent=parent.code,
        )
    return level


def _check_level_change(session: Session, form_check: FormCheck, unit: Unit, level: str) -> None:
    """A unit that changes level must still fit above its children and under its teams."""
    for child in session.scalars(select(Unit).where(Unit.parent_id == unit.id)):
        if level not in ALLOWED_PARENTS[child.level]:
            form_check.problem(
                "level",
                "import.level_children",
                level=form_check.level_name(level),
                child=child.code,
                child_level=form_check.level_name(child.level),
            )
    teams = session.scalars(select(Team.code).join(TeamUnit).where(TeamUnit.unit_id == unit.id))
    for team in teams:
        form_check.problem("level", "import.level_teams", team=team)


def _check_households_kept(session: Session, form_check: FormCheck, unit: Unit) -> None:
    """Households cannot be removed where a percentage quota is computed from them."""
    teams = session.scalars(
        select(Team.code)
        .join(TeamUnit, TeamUnit.team_id == Team.id)
        .join(Quota, Quota.team_id == Team.id)
        .where(TeamUnit.unit_id == unit.id, Quota.target_kind == "share")
        .distinct()
    )
    for team in teams:
        form_check.problem("households", "import.households_needed", team=team)


def remove_unit(session: Session, code: str, actor: str) -> None:
    """Remove a unit nothing depends on; otherwise say what still hangs on it."""
    from tracker.officers.service_scope import check_units

    unit = find_unit(session, code)
    what = f"unit remove {code}"
    check_units(session, actor, "write", [unit.id], what=what, entity="unit", key=code)
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
    if model is Unit:
        item = unit_by_code(session, old)
    else:
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
    if model is Unit:  # an ended unit leaves its code to a new one (2025's merged communes)
        return code_held(session, code)
    return session.scalar(select(model.id).where(model.code == code)) is not None


def listed(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:3])
    return shown + ", ..." if len(codes) > 3 else shown
