"""Reading the map at a date: which units exist, their values then, which teams cover them.

Dates are half-open: a row is valid from `valid_from` (None: since always) up to, not
including, `valid_to` (None: still valid). A reorganisation effective 1 July 2025 ends the
old units on 2025-07-01 and starts the new ones that day, so no day has both or neither.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, case, exists, false, or_, select

from tracker.store import tables

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.store.engine import Reader
    from tracker.store.models import Team, Unit

# Core tables: a read command (the leaderboard) reads the map without loading the ORM.
UNITS = tables.units
VERSIONS = tables.unit_versions
LINKS = tables.team_units
TEAMS = tables.teams


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


def versions_at(session: Reader, at: date) -> bool:
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
    """A unit's values: as they were at a date, or as its row holds them (`unit_row`)."""

    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    households: int | None
    valid_from: date | None
    valid_to: date | None


def map_at(session: Reader, at: date) -> dict[int, UnitThen]:
    """Every unit valid on `at`, by id, with its values that day."""
    table = units_at(at)
    return {row[0]: UnitThen(*row) for row in session.execute(select(table))}


def unit_then(session: Reader, unit_id: int, at: date) -> UnitThen | None:
    table = units_at(at)
    row = session.execute(select(table).where(table.c.id == unit_id)).first()
    return None if row is None else UnitThen(*row)


def links_at(session: Reader, at: date) -> dict[int, set[int]]:
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


def unit_valid_on(unit: Unit, day: date) -> bool:
    """Whether the unit exists on `day` (an ended district does not, nor does a commune
    before the reorganisation that made it)."""
    started = unit.valid_from is None or unit.valid_from <= day
    return started and (unit.valid_to is None or unit.valid_to > day)


def team_works_on(team: Team, day: date) -> bool:
    """Whether the team works on `day`: founded by then and not retired yet."""
    started = team.active_from is None or team.active_from <= day
    return started and (team.retired_on is None or team.retired_on > day)


def owes_report(active_from: date | None, retired_on: date | None, due: date) -> bool:
    """Whether a month's report was due from a team with these dates: it worked on the
    deadline day. A team founded after it, or retired on or before it, owes nothing."""
    started = active_from is None or active_from <= due
    return started and (retired_on is None or retired_on > due)


def children_at(session: Reader, unit_id: int | None, at: date) -> list[UnitThen]:
    """The units directly under `unit_id` (the top units if None) on `at`, by code: after
    1 July 2025 a province's communes, not the districts that ended that day."""
    return children_of(session, [unit_id], at)


def children_of(session: Reader, parent_ids: Collection[int | None], at: date) -> list[UnitThen]:
    """The units directly under any of `parent_ids` (None: the top) on `at`, by code.

    Read through the parent_id indexes: the rows, and (when some unit had other values on
    `at`) the versions naming one of the parents, whose units are then read as of `at`.
    Going through `units_at` for every unit took 40 times as long on a province.
    """
    ids = [unit_id for unit_id in parent_ids if unit_id is not None]

    def under(column: Any) -> ColumnElement[bool]:
        wanted = [column.in_(ids)] if ids else []
        if None in parent_ids:
            wanted.append(column.is_(None))
        return or_(false(), *wanted)  # no parents asked: no unit

    if not versions_at(session, at):
        query = select(
            UNITS.c.id,
            UNITS.c.code,
            UNITS.c.name,
            UNITS.c.level,
            UNITS.c.parent_id,
            UNITS.c.households,
            UNITS.c.valid_from,
            UNITS.c.valid_to,
        ).where(under(UNITS.c.parent_id), open_at(UNITS, at))
        return [UnitThen(*row) for row in session.execute(query.order_by(UNITS.c.code))]
    candidates = (
        select(UNITS.c.id)
        .where(under(UNITS.c.parent_id))
        .union(select(VERSIONS.c.unit_id).where(under(VERSIONS.c.parent_id)))
    )
    found = [
        then
        for then in units_then(session, list(session.scalars(candidates)), at)
        if then.parent_id in parent_ids
    ]
    return sorted(found, key=lambda then: then.code)


def units_then(session: Reader, unit_ids: Sequence[int], at: date) -> list[UnitThen]:
    """The units among `unit_ids` valid on `at`, with their values that day."""
    found: list[UnitThen] = []
    for start in range(0, len(unit_ids), 500):
        part = list(unit_ids[start : start + 500])
        rows = session.execute(
            select(
                UNITS,
                VERSIONS.c.name,
                VERSIONS.c.level,
                VERSIONS.c.parent_id,
                VERSIONS.c.households,
                VERSIONS.c.id,
            )
            .select_from(
                UNITS.outerjoin(
                    VERSIONS, and_(VERSIONS.c.unit_id == UNITS.c.id, open_at(VERSIONS, at))
                )
            )
            .where(UNITS.c.id.in_(part), open_at(UNITS, at))
        )
        for row in rows:
            values = row._mapping
            old = values[VERSIONS.c.id] is not None
            found.append(
                UnitThen(
                    values[UNITS.c.id],
                    values[UNITS.c.code],
                    values[VERSIONS.c.name] if old else values[UNITS.c.name],
                    values[VERSIONS.c.level] if old else values[UNITS.c.level],
                    values[VERSIONS.c.parent_id] if old else values[UNITS.c.parent_id],
                    values[VERSIONS.c.households] if old else values[UNITS.c.households],
                    values[UNITS.c.valid_from],
                    values[UNITS.c.valid_to],
                )
            )
    return found


def team_parent_on(session: Session, team: Team, day: date) -> Unit | None:
    """The unit above the first unit (by code) the team covers on `day`, as that day's map
    has it: a commune team's is its district before 1 July 2025 and its province after."""
    table = units_at(day, "team_units_on")
    query = (
        select(table.c.parent_id)
        .join(LINKS, LINKS.c.unit_id == table.c.id)
        .where(LINKS.c.team_id == team.id, open_at(LINKS, day))
        .order_by(table.c.code)
        .limit(1)
    )
    parent_id = session.scalar(query)
    from tracker.store.models import Unit  # the map's readers need no ORM: loaded here

    return None if parent_id is None else session.get(Unit, parent_id)
