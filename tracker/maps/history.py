"""Reading the map at a date: which units exist, their values then, which teams cover them.

Dates are half-open: a row is valid from `valid_from` (None: since always) up to, not
including, `valid_to` (None: still valid). A reorganisation effective 1 July 2025 ends the
old units on 2025-07-01 and starts the new ones that day, so no day has both or neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, or_, select
from sqlalchemy.orm import Session

from tracker.store.models import Team, TeamUnit, Unit, UnitVersion

UNITS = Unit.__table__
VERSIONS = UnitVersion.__table__
LINKS = TeamUnit.__table__
TEAMS = Team.__table__


def open_at(table: Any, at: date) -> ColumnElement[bool]:
    """The rows of a table with valid_from/valid_to that are valid on `at`."""
    return and_(
        or_(table.c.valid_from.is_(None), table.c.valid_from <= at),
        or_(table.c.valid_to.is_(None), table.c.valid_to > at),
    )


def overlaps(table: Any, start: date, end: date) -> ColumnElement[bool]:
    """The rows valid on at least one day of [start, end]."""
    return and_(
        or_(table.c.valid_from.is_(None), table.c.valid_from <= end),
        or_(table.c.valid_to.is_(None), table.c.valid_to > start),
    )


def team_active(start: date, end: date) -> ColumnElement[bool]:
    """Teams working on at least one day of [start, end]: a team founded after a month, or
    retired before it, is neither ranked nor flagged overdue for it."""
    return and_(
        or_(TEAMS.c.active_from.is_(None), TEAMS.c.active_from <= end),
        or_(TEAMS.c.retired_on.is_(None), TEAMS.c.retired_on > start),
    )


def versions_at(session: Session, at: date) -> bool:
    """Whether some unit had, on `at`, other values than its row's (a later change)."""
    query = select(VERSIONS.c.id).where(open_at(VERSIONS, at)).limit(1)
    return session.scalar(query) is not None


def _version_covers(at: date) -> ColumnElement[bool]:
    return exists().where(VERSIONS.c.unit_id == UNITS.c.id, open_at(VERSIONS, at))


def edges_at(at: date, name: str = "edges") -> Any:
    """(id, parent_id) of every unit valid on `at`, its parent as it was that day."""
    current = select(UNITS.c.id, UNITS.c.parent_id).where(open_at(UNITS, at), ~_version_covers(at))
    earlier = select(VERSIONS.c.unit_id.label("id"), VERSIONS.c.parent_id).where(
        open_at(VERSIONS, at)
    )
    return current.union_all(earlier).subquery(name)


def units_at(at: date, name: str = "units_at") -> Any:
    """(id, code, name, level, parent_id, households, valid_from, valid_to) of the units
    valid on `at`, with the values they had that day."""
    version = VERSIONS.alias(f"{name}_version")
    joined = UNITS.outerjoin(
        version,
        and_(version.c.unit_id == UNITS.c.id, open_at(version, at)),
    )
    old = version.c.id.is_not(None)

    def value(column: str) -> Any:
        return case((old, version.c[column]), else_=UNITS.c[column]).label(column)

    return (
        select(
            UNITS.c.id,
            UNITS.c.code,
            value("name"),
            value("level"),
            value("parent_id"),
            value("households"),
            UNITS.c.valid_from,
            UNITS.c.valid_to,
        )
        .select_from(joined)
        .where(open_at(UNITS, at))
        .subquery(name)
    )


@dataclass(frozen=True, slots=True)
class UnitThen:
    """A unit as it was at a date."""

    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    households: int | None
    valid_from: date | None
    valid_to: date | None


def map_at(session: Session, at: date) -> dict[int, UnitThen]:
    """Every unit valid on `at`, by id, with its values that day."""
    table = units_at(at)
    return {row[0]: UnitThen(*row) for row in session.execute(select(table))}


def unit_then(session: Session, unit_id: int, at: date) -> UnitThen | None:
    table = units_at(at)
    row = session.execute(select(table).where(table.c.id == unit_id)).first()
    return None if row is None else UnitThen(*row)


def links_at(session: Session, at: date) -> dict[int, set[int]]:
    """unit id -> the teams covering it on `at`."""
    found: dict[int, set[int]] = {}
    query = select(LINKS.c.unit_id, LINKS.c.team_id).where(open_at(LINKS, at))
    for unit_id, team_id in session.execute(query):
        found.setdefault(unit_id, set()).add(team_id)
    return found


def span_text(valid_from: date | None, valid_to: date | None) -> str:
    """ "2020-01-01 – 2025-06-30": the first and the last day, as officers read them."""
    from datetime import timedelta

    first = valid_from.isoformat() if valid_from else "…"
    last = (valid_to - timedelta(days=1)).isoformat() if valid_to else "…"
    return f"{first} – {last}"
