"""Subtrees of the hierarchy, as SQL: one recursive CTE that SQLite and PostgreSQL both run.

The hierarchy is data (4 levels or 3), so nothing here knows the level names: a unit's
subtree is the unit and everything whose chain of parents reaches it. Units, teams and
indicators are also looked up here by the codes officers type.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import CTE, Select, select
from sqlalchemy.orm import Session

from tracker.errors import Refusal
from tracker.store.models import Indicator, Team, TeamUnit, Unit


class UnknownCode(Refusal):
    """A unit, team or indicator code that the store does not hold."""


def find_unit(session: Session, code: str) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        raise UnknownCode("unit.unknown", code=code)
    return unit


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


def subtree(unit_id: int, name: str = "subtree") -> CTE:
    """A CTE with one column, `id`: the unit and every unit below it."""
    units = Unit.__table__
    top = select(units.c.id).where(units.c.id == unit_id).cte(name, recursive=True)
    below = select(units.c.id).where(units.c.parent_id == top.c.id)
    return top.union_all(below)


def subtrees(unit_ids: Sequence[int], name: str = "subtrees") -> CTE:
    """A CTE of (id, parent_id): the units given and everything below any of them, once."""
    units = Unit.__table__
    top = (
        select(units.c.id, units.c.parent_id)
        .where(units.c.id.in_(list(unit_ids)))
        .cte(name, recursive=True)
    )
    below = select(units.c.id, units.c.parent_id).where(units.c.parent_id == top.c.id)
    return top.union(below)


def subtree_unit_ids(unit_id: int) -> Select[int]:
    tree = subtree(unit_id)
    return select(tree.c.id)


def team_ids_under(unit_id: int | None, name: str = "subtree") -> Select[int]:
    """The ids of the teams that cover at least one unit in the subtree (every team if None)."""
    if unit_id is None:
        return select(Team.__table__.c.id)
    tree = subtree(unit_id, name)
    links = TeamUnit.__table__
    return select(links.c.team_id).where(links.c.unit_id.in_(select(tree.c.id))).distinct()


# Up to this many team ids go to the database as a list; a larger scope is filtered with the
# subquery, whose full scan of the period is then the right plan anyway.
LISTED_TEAMS = 500

TeamIds = Select[int] | list[int]


def scope_team_ids(session: Session, unit_id: int | None) -> TeamIds:
    """The teams under a unit, for `column.in_(...)`: a list of ids when it is short.

    PostgreSQL cannot estimate a recursive CTE's size and would scan a whole month of
    entries for a commune of 7 teams; given the ids, it uses the (team_id, local_date) index.
    """
    query = team_ids_under(unit_id)
    ids = [int(row[0]) for row in session.execute(query.limit(LISTED_TEAMS + 1))]
    return query if len(ids) > LISTED_TEAMS else sorted(ids)


def parent_of_team(session: Session, team: Team) -> Unit | None:
    """The unit whose teams are this team's siblings: the parent of its first unit."""
    first = min(team.units, key=lambda unit: unit.code, default=None)
    if first is None:
        return None
    return first.parent if first.parent is not None else first
