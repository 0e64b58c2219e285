"""The hierarchy and the teams as officers browse them: one level of the tree at a time,
the teams of a unit, and one team's members, units and chats."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from tracker.hierarchy import find_team
from tracker.store.models import Chat, Member, Team, TeamUnit, Unit


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


def child_units(session: Session, parent_id: int | None) -> list[UnitView]:
    """The units directly under `parent_id` (the top units if None), with their child counts."""
    child = aliased(Unit)
    count = select(func.count(child.id)).where(child.parent_id == Unit.id).scalar_subquery()
    condition = Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id
    rows = session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.level, Unit.households, count)
        .where(condition)
        .order_by(Unit.code)
    )
    return [UnitView(*row) for row in rows]


def default_scope(session: Session) -> str | None:
    """The code of the first top unit not ended, the scope the terminal UI opens on (a
    province merged away in a reorganisation is no place to open today's screens)."""
    query = select(Unit.code).where(Unit.parent_id.is_(None), Unit.valid_to.is_(None))
    return session.scalar(query.order_by(Unit.code))


def teams_of_unit(session: Session, unit_id: int) -> list[TeamView]:
    """The teams that cover the unit itself (not the units below it)."""
    teams = session.scalars(
        select(Team)
        .join(TeamUnit, TeamUnit.team_id == Team.id)
        .where(TeamUnit.unit_id == unit_id)
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
