"""An officer's own part of the map, as the terminal UI shows it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from tracker.errors import UserError
from tracker.hierarchy import find_unit
from tracker.officers.acting import Acting
from tracker.roster import UnitView


def unit_view(session: Session, code: str) -> UnitView:
    """One unit as the unit tree shows it, with its number of children."""
    unit = find_unit(session, code)
    child = aliased(type(unit))
    children = session.scalar(select(func.count(child.id)).where(child.parent_id == unit.id))
    return UnitView(unit.id, unit.code, unit.name, unit.level, unit.households, children or 0)


def starting_scope(session: Session, who: Acting, asked: str | None) -> str | None:
    """The unit the terminal UI opens on: the one asked for, else the officer's own, else
    the first top unit. An officer may not open on a unit outside their scope."""
    from tracker.officers.authorize import in_scope
    from tracker.roster import default_scope

    home = who.account.scope_code if who.account is not None else None
    code = asked or home or default_scope(session)
    if code is None:
        return None
    unit = find_unit(session, code)
    if who.account is not None and not in_scope(session, who.account.scope_id, unit.id):
        raise OutsideScope(f"{code} is outside {who.account.login}'s scope {home}")
    return code


class OutsideScope(UserError):
    """`--scope` names a unit the officer's account does not reach."""
