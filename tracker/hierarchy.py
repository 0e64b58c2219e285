"""Subtrees of the hierarchy, as SQL: one recursive CTE that SQLite and PostgreSQL both run.

The hierarchy is data (4 levels or 3), so nothing here knows the level names: a unit's
subtree is the unit and everything whose chain of parents reaches it. Units, teams and
indicators are also looked up here by the codes officers type.

The map has a history (tracker/maps/history.py): every look-up takes the date whose map
it reads, the last day of the period asked; without one, today. A query for a period
passes `at=period.end` (and `since=period.start` for the teams active in it) and the
rest follows: a June leaderboard ranks on June's map, August's on the map after 1 July.

The subtrees are Core (tracker/maps/tree.py, re-exported here), so that a read command can
rank without loading the ORM; the look-ups that return models stay here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.clock import today
from tracker.maps.lookup import unit_by_code
from tracker.maps.tree import (
    LISTED_TEAMS,
    TeamIds,
    UnknownCode,
    name_at,
    refuse_unit,
    scope_team_ids,
    subtree,
    subtree_unit_ids,
    subtrees,
    team_ids_under,
)
from tracker.store.models import Indicator, Team, Unit

__all__ = [
    "LISTED_TEAMS",
    "TeamIds",
    "UnknownCode",
    "find_indicator",
    "find_team",
    "find_unit",
    "name_at",
    "parent_of_team",
    "scope_team_ids",
    "subtree",
    "subtree_unit_ids",
    "subtrees",
    "team_ids_under",
]


def find_unit(session: Session, code: str, at: date | None = None) -> Unit:
    """The unit with this code on `at` (today if None); a code may have named an earlier
    unit, or name a later one. A unit that did not exist that day is refused with its dates."""
    day = at or today()
    unit = unit_by_code(session, code, day)
    if unit is None:
        refuse_unit(session, code, day)
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


def parent_of_team(session: Session, team: Team) -> Unit | None:
    """The unit whose teams are this team's siblings: the parent of its first unit."""
    first = min(team.units, key=lambda unit: unit.code, default=None)
    if first is None:
        return None
    return first.parent if first.parent is not None else first
