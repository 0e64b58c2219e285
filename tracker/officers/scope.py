"""An officer's own part of the map, as the terminal UI shows it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.errors import UserError
from tracker.hierarchy import find_unit
from tracker.officers.acting import Acting
from tracker.roster import UnitView, child_units


def unit_view(session: Session, code: str) -> UnitView:
    """One unit as the unit tree shows it, with its number of children."""
    unit = find_unit(session, code)
    children = len(child_units(session, unit.id))  # today's: no ended district counted
    return UnitView(unit.id, unit.code, unit.name, unit.level, unit.households, children)


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
