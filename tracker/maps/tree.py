"""Subtrees of the hierarchy and the units named by code, in Core: what a standing reads
before its query, without the ORM (tracker/hierarchy.py re-exports it for the rest).

See tracker/hierarchy.py for the dates every look-up takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NoReturn, Protocol

from sqlalchemy import CTE, Select, select

from tracker.clock import today
from tracker.errors import Refusal
from tracker.maps.history import (
    UnitThen,
    edges_at,
    open_at,
    span_text,
    team_active,
    unit_then,
    versions_at,
)
from tracker.maps.messages import MapRefusal
from tracker.store import tables

if TYPE_CHECKING:
    from tracker.store.engine import Reader

UNITS = tables.units


class UnknownCode(Refusal):
    """A unit, team or indicator code that the store does not hold."""


class Scope(Protocol):
    """A unit as a standing reads it: a model (`Unit`) or a `UnitThen`."""

    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


class Dated(Protocol):
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...


_ROW = (
    UNITS.c.id,
    UNITS.c.code,
    UNITS.c.name,
    UNITS.c.level,
    UNITS.c.parent_id,
    UNITS.c.households,
    UNITS.c.valid_from,
    UNITS.c.valid_to,
)


def unit_row(reader: Reader, code: str, at: date | None = None) -> UnitThen:
    """The unit with this code on `at` (today if None), as `find_unit` finds it."""
    day = at or today()
    query = select(*_ROW).where(UNITS.c.code == code, open_at(UNITS, day))
    row = reader.execute(query.order_by(UNITS.c.id).limit(1)).first()
    if row is None:
        refuse_unit(reader, code, day)
    return UnitThen(*row)


def refuse_unit(reader: Reader, code: str, day: date) -> NoReturn:
    """Refuse a code that names no unit on `day`: unknown, or with the dates of the unit
    nearest to that day that it named."""
    query = select(*_ROW).where(UNITS.c.code == code).order_by(UNITS.c.id)
    found = [UnitThen(*row) for row in reader.execute(query)]
    if not found:
        raise UnknownCode("unit.unknown", code=code)
    nearest = min(found, key=lambda unit: _distance(unit, day))
    raise MapRefusal(
        "unit.not_then",
        code=code,
        name=nearest.name,
        span=span_text(nearest.valid_from, nearest.valid_to),
        day=day.isoformat(),
    )


def _distance(unit: Dated, day: date) -> int:
    if unit.valid_to is not None and unit.valid_to <= day:
        return (day - unit.valid_to).days
    if unit.valid_from is not None:
        return (unit.valid_from - day).days
    return 0


def name_at(session: Reader, unit: Scope, at: date) -> str:
    """The unit's name on `at` (a renamed unit keeps its old name for earlier periods)."""
    then = unit_then(session, unit.id, at)
    return unit.name if then is None else then.name


def subtree(
    unit_id: int, name: str = "subtree", at: date | None = None, plain: bool = False
) -> CTE:
    """A CTE with one column, `id`: the unit and every unit below it on `at` (today if None).

    `plain`: no unit had other values on `at` than its row's (see `versions_at`), so the
    walk follows units.parent_id through its index; otherwise it follows each unit's parent
    of that day, read from the union of rows and earlier versions.
    """
    day = at or today()
    units = UNITS
    top = select(units.c.id).where(units.c.id == unit_id).cte(name, recursive=True)
    if plain:
        below = select(units.c.id).where(units.c.parent_id == top.c.id, open_at(units, day))
    else:
        edges = edges_at(day, f"{name}_edges")
        below = select(edges.c.id).where(edges.c.parent_id == top.c.id)
    return top.union_all(below)


def subtrees(
    unit_ids: Sequence[int], name: str = "subtrees", at: date | None = None, plain: bool = False
) -> CTE:
    """A CTE of (id, parent_id): the units given and everything below any of them on `at`."""
    day = at or today()
    units = UNITS
    top = (
        select(units.c.id, units.c.parent_id)
        .where(units.c.id.in_(list(unit_ids)))
        .cte(name, recursive=True)
    )
    if plain:
        below = select(units.c.id, units.c.parent_id).where(
            units.c.parent_id == top.c.id, open_at(units, day)
        )
    else:
        edges = edges_at(day, f"{name}_edges")
        below = select(edges.c.id, edges.c.parent_id).where(edges.c.parent_id == top.c.id)
    return top.union(below)


def subtree_unit_ids(unit_id: int, at: date | None = None) -> Select[int]:
    tree = subtree(unit_id, at=at)
    return select(tree.c.id)


def team_ids_under(
    unit_id: int | None,
    name: str = "subtree",
    at: date | None = None,
    since: date | None = None,
    plain: bool = False,
) -> Select[int]:
    """The ids of the teams that cover at least one unit in the subtree on `at` (every team
    if None) and work on some day from `since` to `at` (both default to today)."""
    day = at or today()
    active = team_active(since or day, day)
    teams = tables.teams
    if unit_id is None:
        return select(teams.c.id).where(active)
    tree = subtree(unit_id, name, day, plain)
    links = tables.team_units
    return (
        select(links.c.team_id)
        .join(teams, teams.c.id == links.c.team_id)
        .where(links.c.unit_id.in_(select(tree.c.id)), open_at(links, day), active)
        .distinct()
    )


# Up to this many team ids go to the database as a list; a larger scope is filtered with the
# subquery, whose full scan of the period is then the right plan anyway.
LISTED_TEAMS = 500

TeamIds = Select[int] | list[int]


def scope_team_ids(
    session: Reader, unit_id: int | None, at: date | None = None, since: date | None = None
) -> TeamIds:
    """The teams under a unit on `at` and active since `since`, for `column.in_(...)`: a
    list of ids when it is short.

    PostgreSQL cannot estimate a recursive CTE's size and would scan a whole month of
    entries for a commune of 7 teams; given the ids, it uses the (team_id, local_date) index.
    """
    day = at or today()
    plain = unit_id is None or not versions_at(session, day)
    query = team_ids_under(unit_id, at=day, since=since, plain=plain)
    ids = [int(row[0]) for row in session.execute(query.limit(LISTED_TEAMS + 1))]
    return query if len(ids) > LISTED_TEAMS else sorted(ids)
