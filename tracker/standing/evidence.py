"""The entries behind every number of a ranking: what the xlsx export's evidence sheet lists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from tracker.hierarchy import scope_team_ids
from tracker.periods import Period
from tracker.store.models import InboundMessage, Indicator, Quota, ReportEntry, Team


@dataclass(frozen=True, slots=True)
class Evidence:
    team: str
    indicator: str
    value: int
    local_date: date
    channel: str | None
    chat_id: str | None
    message_id: str | None
    sender: str | None
    officer: str | None

    @property
    def source(self) -> str:
        if self.message_id is not None:
            who = self.sender or "?"
            return f"{self.channel}:{self.chat_id}/{self.message_id} ({who})"
        return f"officer: {self.officer}"


def evidence(session: Session, scope_id: int, period: Period) -> Iterator[Evidence]:
    """Every counted entry of a quota'd indicator of a team in scope, in the period.

    Summed per team and indicator these rows give exactly the ranking's achieved counts.
    """
    team_ids = scope_team_ids(session, scope_id, period.end, period.start)
    entries = ReportEntry.__table__
    messages = InboundMessage.__table__
    quotas = Quota.__table__
    statement = (
        select(
            Team.code,
            Indicator.code,
            entries.c.value,
            entries.c.local_date,
            messages.c.channel,
            messages.c.chat_id,
            messages.c.message_id,
            messages.c.sender_name,
            messages.c.sender_id,
            entries.c.officer,
        )
        .select_from(entries)
        .join(Team, Team.id == entries.c.team_id)
        .join(Indicator, Indicator.id == entries.c.indicator_id)
        .join(
            quotas,
            and_(
                quotas.c.team_id == entries.c.team_id,
                quotas.c.indicator_id == entries.c.indicator_id,
                quotas.c.period == str(period),
            ),
        )
        .outerjoin(messages, messages.c.id == entries.c.message_id)
        .where(
            entries.c.team_id.in_(team_ids),
            entries.c.superseded_by_id.is_(None),
            entries.c.local_date.between(period.start, period.end),
        )
        .order_by(Team.code, Indicator.code, entries.c.local_date, entries.c.id)
    )
    for row in session.execute(statement).yield_per(5000):
        team, indicator, value, day, channel, chat, message, name, sender_id, officer = row
        sender = name if name else sender_id
        yield Evidence(team, indicator, value, day, channel, chat, message, sender, officer)
