"""Finding a unit by the code officers type, on a date.

Since 1 July 2025 a merged commune often keeps the code of one of the old communes, so a
code may name an ended unit and, from a date, a new one. Every look-up by code goes through
here with the date in question (today for forms and bindings, the period's last day for a
report), so that `.first()` never picks the wrong one of the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from tracker.clock import today
from tracker.maps.history import open_at
from tracker.store.models import Unit

UNITS = Unit.__table__


def unit_by_code(session: Session, code: str, at: date | None = None) -> Unit | None:
    """The unit this code names on `at` (today if None); None when it names none that day."""
    day = at or today()
    return session.scalars(
        select(Unit).where(Unit.code == code, open_at(UNITS, day)).order_by(Unit.id).limit(1)
    ).first()


def units_by_codes(
    session: Session, codes: Iterable[str], at: date | None = None
) -> dict[str, Unit]:
    """code -> the unit it names on `at` (today if None), for the codes that name one."""
    day = at or today()
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    query = select(Unit).where(Unit.code.in_(wanted), open_at(UNITS, day)).order_by(Unit.id)
    found: dict[str, Unit] = {}
    for unit in session.scalars(query):
        found.setdefault(unit.code, unit)
    return found


def not_ended(at: date | None = None) -> ColumnElement[bool]:
    """Units still valid on `at` or starting later: the ones that hold their code then
    (an ended unit leaves its code free for a new one)."""
    day = at or today()
    return or_(UNITS.c.valid_to.is_(None), UNITS.c.valid_to > day)


def code_held(session: Session, code: str, at: date | None = None) -> bool:
    """Whether a unit not ended by `at` has this code, so that a new unit cannot take it."""
    query = select(Unit.id).where(Unit.code == code, not_ended(at)).limit(1)
    return session.scalar(query) is not None
