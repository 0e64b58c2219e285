"""The hierarchy and the teams as officers browse them: one level of the tree at a time,
the teams of a unit, and one team's members, units and chats."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.clock import today
from tracker.hierarchy import find_team, subtree
from tracker.imports.vocab import key
from tracker.maps.history import children_of, open_at, units_at, versions_at
from tracker.store.models import Chat, Member, Team, TeamUnit, Unit
from tracker.store.models.geography import LEVELS


@dataclass(frozen=True, slots=True)
class UnitView:
    id: int
    code: str
    name: str
    level: str
    households: int | None
    children: int


@dataclass(frozen=True, slots=True)
class TeamView:
    code: str
    name: str
    level: str
    units: tuple[str, ...]
    members: int


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    role: str
    organization: str
    phone: str
    accounts: dict[str, str]  # channel -> user id
    id: int = 0


@dataclass(frozen=True, slots=True)
class TeamDetail:
    team: TeamView
    members: tuple[MemberView, ...]
    chats: tuple[tuple[str, str, str], ...]  # channel, chat id, title


def child_units(session: Session, parent_id: int | None, at: date | None = None) -> list[UnitView]:
    """The units directly under `parent_id` (the top units if None) on `at` (today if None),
    with their values and child counts that day: after 1 July 2025 a province's communes,
    not the districts that ended."""
    day = at or today()
    children = children_of(session, [parent_id], day)
    counts = Counter(
        then.parent_id for then in children_of(session, [then.id for then in children], day)
    )
    return [
        UnitView(then.id, then.code, then.name, then.level, then.households, counts[then.id])
        for then in children
    ]


def default_scope(session: Session) -> str | None:
    """The code of the first top unit not ended, the scope the terminal UI opens on (a
    province merged away in a reorganisation is no place to open today's screens)."""
    query = select(Unit.code).where(Unit.parent_id.is_(None), Unit.valid_to.is_(None))
    return session.scalar(query.order_by(Unit.code))


def search_units(
    session: Session, text: str, within: int | None = None, limit: int = 50
) -> list[UnitView]:
    """Today's units whose name or code holds `text`, diacritics and case aside ("hai duong"
    finds "Phường Hải Dương"), under `within` (itself included) when given: a two-level
    province lists 100+ communes flat, so the scope picker searches instead of scrolling."""
    wanted = key(text)
    if not wanted:
        return []
    day = today()
    # Today's values are the rows' unless some unit changes later (a reorganisation ahead).
    units = units_at(day, "searched") if versions_at(session, day) else _rows_open(day)
    query = select(units.c.id, units.c.code, units.c.name, units.c.level, units.c.households)
    if within is not None:
        tree = subtree(within, "search_tree", day)
        query = query.where(units.c.id.in_(select(tree.c.id)))
    order = {level: n for n, level in enumerate(LEVELS)}
    found = [
        row for row in session.execute(query) if wanted in key(row.name) or wanted in key(row.code)
    ]
    found.sort(key=lambda row: (order.get(row.level, 9), key(row.name), row.code))
    return [UnitView(*row, 0) for row in found[:limit]]


def teams_of_unit(session: Session, unit_id: int, at: date | None = None) -> list[TeamView]:
    """The teams that cover the unit itself (not the units below it) on `at` (today if
    None): a merged commune's teams show under the new commune, not the ended one."""
    teams = session.scalars(
        select(Team)
        .join(TeamUnit, TeamUnit.team_id == Team.id)
        .where(TeamUnit.unit_id == unit_id, open_at(TeamUnit.__table__, at or today()))
        .options(selectinload(Team.units), selectinload(Team.members))
        .order_by(Team.code)
    )
    return [_team_view(team) for team in teams]


def team_detail(session: Session, code: str) -> TeamDetail:
    team = find_team(session, code)
    members = session.scalars(
        select(Member)
        .where(Member.team_id == team.id)
        .options(selectinload(Member.accounts))
        .order_by(Member.id)
    )
    chats = session.execute(
        select(Chat.channel, Chat.chat_id, Chat.title)
        .where(Chat.team_id == team.id)
        .order_by(Chat.channel, Chat.chat_id)
    )
    return TeamDetail(
        team=_team_view(team),
        members=tuple(
            MemberView(
                m.name,
                m.role,
                m.organization or "",
                m.phone or "",
                {a.channel: a.user_id for a in m.accounts},
                m.id,
            )
            for m in members
        ),
        chats=tuple((channel, chat_id, title) for channel, chat_id, title in chats),
    )


def _team_view(team: Team) -> TeamView:
    return TeamView(
        team.code, team.name, team.level, tuple(u.code for u in team.units), len(team.members)
    )


def _rows_open(day: date) -> Any:
    """The units valid on `day` with the rows' values, shaped like `units_at`."""
    units = Unit.__table__
    return select(units).where(open_at(units, day)).subquery("rows_open")
