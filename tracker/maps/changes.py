"""Changing a unit from a date: the values it had before stay for the days before."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.store.models import Unit, UnitVersion

FIELDS = ("name", "level", "parent_id", "households")


def row_since(session: Session, unit: Unit) -> date | None:
    """The first day of the values on the unit's row (None: since always)."""
    latest = session.scalar(
        select(func.max(UnitVersion.valid_to)).where(UnitVersion.unit_id == unit.id)
    )
    return latest if latest is not None else unit.valid_from


def change_unit(session: Session, unit: Unit, effective: date, values: dict[str, object]) -> bool:
    """Give `unit` these values from `effective`; False if it has them already.

    The row keeps the latest values; the ones it held until `effective` become a version.
    A unit whose row already starts on `effective` (a unit new that day, or a change made
    that day) is changed in place. The caller has refused a date before the row's start.
    """
    if all(getattr(unit, name) == value for name, value in values.items()):
        return False
    since = row_since(session, unit)
    if since is None or since < effective:
        session.add(
            UnitVersion(
                unit_id=unit.id,
                valid_from=since,
                valid_to=effective,
                **{name: getattr(unit, name) for name in FIELDS},
            )
        )
    for name, value in values.items():
        setattr(unit, name, value)
    return True
