"""Subtrees of the hierarchy, as SQL: one recursive CTE that SQLite and PostgreSQL both run.

The hierarchy is data (4 levels or 3), so nothing here knows the level names: a unit's
subtree is the unit and everything whose chain of parents reaches it. Units, teams and
indicators are also looked up here by the codes officers type.

The map has a history (tracker/maps/history.py): every look-up takes the date whose map
it reads, the last day of the period asked; without one, today. A query for a period
passes `at=period.end` (and `since=period.start` for the teams active in it) and the
rest follows: a June leaderboard ranks on June's map, August's on the map after 1 July.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import CTE, Select, select
from sqlalchemy.orm import Session

from tracker.clock import today
from tracker.errors import Refusal
from tracker.maps.history import (
    edges_at,
    open_at,
    span_text,
    team_active,
    unit_then,
    versions_at,
)
from tracker.maps.lookup import unit_by_code
from tracker.maps.messages import MapRefusal
from tracker.store.models import Indicator, Team, TeamUnit, Unit


class UnknownCode(Refusal):
    """A unit, team or indicator code that the store does not hold."""


def find_unit(session: Session, code: str, at: date | None = None) -> Unit:
    """The unit with this code on `at` (today if None); a code may have named an earlier
    unit, or name a later one. A unit that did not exist that day is refused with its dates."""
    day = at or today()
    unit = unit_by_code(session, code, day)
    if unit is not None:
        return unit
    found = session.scalars(select(Unit).where(Unit.code == code).order_by(Unit.id)).all()
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


def name_at(session: Session, unit: Unit, at: date) -> str:
    """The unit's name on `at` (a renamed unit keeps its old name for earlier periods)."""
    then = unit_then(session, unit.id, at)
    return unit.name if then is None else then.name


def _distance(unit: Unit, day: date) -> int:
    if unit.valid_to is not None and unit.valid_to <= day:
        return (day - unit.valid_to).days
    if unit.valid_from is not None:
        return (unit.valid_from - day).days
    return 0


def find_team(session: Session, code: str) -> Team:
    team = session.scalars(select(Team).where(Team.code == code)).first()
    if team is None:
        raise UnknownCode("team.unknown", code=code)
    return team


def find_indicator(session: Session, code: str) -> Indicator:
    indicator = session.scalars(select(Indicator).where(Indicator.code == code)).first()
    if indicator is None:
        raise UnknownCode("indicator.unknown", code=code)
    return indicator


def subtree(
    unit_id: int, name: str = "subtree", at: date | None = None, plain: bool = False
) -> CTE:
    """A CTE with one column, `id`: the unit and every unit below it on `at` (today if None).

    `plain`: no unit had other values on `at` than its row's (see `versions_at`), so the
    walk follows units.parent_id through its index; otherwise it follows each unit's parent
    of that day, read from the union of rows and earlier versions.
    """
    day = at or today()
    units = Unit.__table__
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
    units = Unit.__table__
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
    teams = Team.__table__
    if unit_id is None:
        return select(teams.c.id).where(active)
    tree = subtree(unit_id, name, day, plain)
    links = TeamUnit.__table__
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
    session: Session, unit_id: int | None, at: date | None = None, since: date | None = None
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


def parent_of_team(session: Session, team: Team) -> Unit | None:
    """The unit whose teams are this team's siblings: the parent of its first unit."""
    first = min(team.units, key=lambda unit: unit.code, default=None)
    if first is None:
        return None
    return first.parent if first.parent is not None else first
