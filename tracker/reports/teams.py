"""Who reported: the sender's team, and the facts about teams and indicators a report needs.

One `Directory` lives for one processing run. It loads what it needs on first use and
keeps it, so that 200,000 messages from a few thousand senders cost a few thousand
queries, not a few hundred thousand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.chats import chat_id_variants
from tracker.config import Settings
from tracker.reports.bounds import clamp, fixed_bound
from tracker.reports.language.teamname import name_keys, team_named
from tracker.store.models import Chat, Indicator, Member, MemberAccount, Quota, TeamUnit, Unit
from tracker.store.models import Team as TeamRow


class Unresolved(StrEnum):
    """Why a message has no team: both are review reasons."""

    UNKNOWN_SENDER = "unknown_sender"
    AMBIGUOUS_TEAM = "ambiguous_team"


@dataclass(frozen=True, slots=True)
class TeamInfo:
    id: int
    code: str
    name: str
    level: str
    unit_ids: frozenset[int]
    households: int | None  # None when no unit of the team has a household count


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    id: int
    code: str
    label: str  # short, for a phone screen: the code upper-cased
    bound: int | None  # a fixed plausibility bound, from the config or the indicator row
    counts_households: bool


@dataclass(frozen=True, slots=True)
class QuotaInfo:
    starts_on: date
    ends_on: date
    target: int

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days


@dataclass(frozen=True, slots=True)
class ChatBinding:
    team_id: int | None
    unit_id: int | None


class Directory:
    def __init__(self, session: Session, settings: Settings) -> None:
        self._session = session
        self.indicators: dict[str, IndicatorInfo] = {}
        self.aliases: list[tuple[str, list[str]]] = []
        for row in session.scalars(select(Indicator).order_by(Indicator.code)):
            # The config file is the operator's word for this deployment, so it wins.
            bound = settings.max_per_report.get(row.code, row.max_per_report)
            self.indicators[row.code] = IndicatorInfo(
                row.id, row.code, row.code.upper(), bound, row.counts_households
            )
            self.aliases.append((row.code, list(row.aliases or [])))
        self.indicator_by_id = {info.id: info for info in self.indicators.values()}
        self._senders: dict[tuple[str, str], tuple[int, ...]] = {}
        self._channels: set[str] = set()
        self._chats: dict[tuple[str, str], ChatBinding | None] = {}
        self._teams: dict[int, TeamInfo] = {}
        self._names: dict[int, set[str]] = {}
        self._quotas: dict[int, dict[int, list[QuotaInfo]]] = {}

    def team_of(
        self, channel: str, chat_id: str, sender_id: str | None, named: int | None = None
    ) -> int | Unresolved:
        """The sender's team (CONTRACTS §4); between several, the team the report names
        (`named`, see `team_names`), else the chat's binding decides."""
        teams = self.sender_teams(channel, sender_id)
        if not teams:
            return Unresolved.UNKNOWN_SENDER
        if len(teams) == 1:
            return teams[0]
        if named in teams:
            return named
        binding = self._chat(channel, chat_id)
        if binding is not None and binding.team_id in teams:
            return binding.team_id
        if binding is not None and binding.unit_id is not None:
            covering = [t for t in teams if binding.unit_id in self.team(t).unit_ids]
            if len(covering) == 1:
                return covering[0]
        return Unresolved.AMBIGUOUS_TEAM

    def learn(self, channel: str, sender_id: str, team_id: int) -> None:
        """The sender was just linked to a member of `team_id` (a registration)."""
        known = self._sender_teams(channel, sender_id)
        self._senders[(channel, sender_id)] = tuple(sorted({*known, team_id}))

    def sender_teams(self, channel: str, sender_id: str | None) -> tuple[int, ...]:
        """The teams of the sender's account on the channel (several for one person in
        several teams)."""
        return self._sender_teams(channel, sender_id) if sender_id else ()

    def sender_team_labels(self, channel: str, sender_id: str | None) -> list[tuple[str, str]]:
        """(code, name) of each of the sender's teams, for a reply that lists them."""
        return [
            (self.team(t).code, self.team(t).name) for t in self.sender_teams(channel, sender_id)
        ]

    def named_team(self, channel: str, sender_id: str | None, text: str) -> tuple[int, str] | None:
        """The team a report of a member of several teams names, and the report without
        the name (language/teamname.py); None when the sender has one team or names none."""
        teams = self.sender_teams(channel, sender_id)
        return team_named(text, self.team_names(teams)) if len(teams) > 1 else None

    def team_names(self, team_ids: tuple[int, ...]) -> dict[str, int]:
        """Folded names by which a report can name one of `team_ids` (language/teamname.py);
        a name two of them share names neither."""
        found: dict[str, int] = {}
        shared: set[str] = set()
        for team_id in team_ids:
            keys = self._names.get(team_id)
            if keys is None:
                info = self.team(team_id)
                units = self._session.scalars(select(Unit.name).where(Unit.id.in_(info.unit_ids)))
                keys = self._names[team_id] = name_keys([info.code, info.name, *units])
            for key in keys:
                if found.setdefault(key, team_id) != team_id:
                    shared.add(key)
        return {key: team for key, team in found.items() if key not in shared}

    def chat_team(self, channel: str, chat_id: str) -> int | None:
        binding = self._chat(channel, chat_id)
        return binding.team_id if binding else None

    def load_teams(self, team_ids: Iterable[int]) -> None:
        """Read these teams with three queries, not three per team: a province's import
        meets every one of its 1,600 teams within its first batches."""
        wanted = {team_id for team_id in team_ids if team_id not in self._teams}
        if not wanted:
            return
        units: dict[int, set[int]] = {team_id: set() for team_id in wanted}
        for team_id, unit_id in self._session.execute(
            select(TeamUnit.team_id, TeamUnit.unit_id).where(TeamUnit.team_id.in_(wanted))
        ):
            units[team_id].add(unit_id)
        households = dict(
            self._session.execute(
                select(TeamUnit.team_id, func.sum(Unit.households))
                .join(Unit, Unit.id == TeamUnit.unit_id)
                .where(TeamUnit.team_id.in_(wanted))
                .group_by(TeamUnit.team_id)
            ).all()
        )
        rows = self._session.execute(
            select(TeamRow.id, TeamRow.code, TeamRow.name, TeamRow.level).where(
                TeamRow.id.in_(wanted)
            )
        )
        for team_id, code, name, level in rows:
            total = int(households.get(team_id) or 0) or None
            self._teams[team_id] = TeamInfo(
                team_id, code, name, level, frozenset(units[team_id]), total
            )

    def team(self, team_id: int) -> TeamInfo:
        info = self._teams.get(team_id)
        if info is None:
            row = self._session.get_one(TeamRow, team_id)
            unit_ids = frozenset(
                self._session.scalars(
                    select(TeamUnit.unit_id).where(TeamUnit.team_id == team_id)
                ).all()
            )
            households = self._session.scalar(
                select(func.sum(Unit.households)).where(Unit.id.in_(unit_ids))
            )
            info = TeamInfo(
                row.id, row.code, row.name, row.level, unit_ids, int(households or 0) or None
            )
            self._teams[team_id] = info
        return info

    def bound(self, indicator: IndicatorInfo, team_id: int) -> int:
        """The largest plausible count in one report (bounds.py)."""
        households = self.household_bound(indicator, team_id)
        return fixed_bound(indicator.bound) if households is None else households

    def household_bound(self, indicator: IndicatorInfo, team_id: int) -> int | None:
        """The team's households, when they bound a household indicator: then a month's
        stated total can never pass them either."""
        if indicator.bound is not None or not indicator.counts_households:
            return None
        households = self.team(team_id).households
        return None if households is None else clamp(households)

    def quota(self, team_id: int, indicator_id: int, day: date) -> QuotaInfo | None:
        """The team's quota covering `day`, the shortest one first (a month before a year)."""
        quotas = self._quotas.get(team_id)
        if quotas is None:
            quotas = {}
            rows = self._session.execute(
                select(Quota.indicator_id, Quota.starts_on, Quota.ends_on, Quota.resolved_target)
                .where(Quota.team_id == team_id)
                .order_by(Quota.starts_on)
            )
            for indicator, starts_on, ends_on, target in rows:
                quotas.setdefault(indicator, []).append(QuotaInfo(starts_on, ends_on, target))
            self._quotas[team_id] = quotas
        covering = [q for q in quotas.get(indicator_id, []) if q.starts_on <= day <= q.ends_on]
        return min(covering, key=lambda q: q.days, default=None)

    def _sender_teams(self, channel: str, sender_id: str) -> tuple[int, ...]:
        if channel not in self._channels:
            # Every account of the channel in one query: a few hundred thousand short rows
            # at national scale, against one query per sender otherwise.
            self._channels.add(channel)
            found: dict[tuple[str, str], set[int]] = {}
            rows = self._session.execute(
                select(MemberAccount.user_id, Member.team_id)
                .join(Member, MemberAccount.member_id == Member.id)
                .where(MemberAccount.channel == channel)
            )
            for user_id, team_id in rows:
                found.setdefault((channel, user_id), set()).add(team_id)
            self._senders.update({key: tuple(sorted(teams)) for key, teams in found.items()})
        return self._senders.get((channel, sender_id), ())

    def _chat(self, channel: str, chat_id: str) -> ChatBinding | None:
        key = (channel, chat_id)
        if key not in self._chats:
            row = self._session.execute(
                select(Chat.team_id, Chat.unit_id).where(
                    Chat.channel == channel, Chat.chat_id.in_(chat_id_variants(channel, chat_id))
                )
            ).first()
            self._chats[key] = ChatBinding(row.team_id, row.unit_id) if row else None
        return self._chats[key]
