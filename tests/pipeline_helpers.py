"""Helpers for the pipeline tests: send messages into the journal and read what came of them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Settings
from tracker.journal import record
from tracker.messages import Inbound
from tracker.reports.pipeline import ProcessStats, process_pending
from tracker.store.models import InboundMessage, Indicator, ReportEntry, Team

TEAM_CHAT = "-1001000000002"  # bound to team CNCD_HoiYen_NguHung
UNIT_CHAT = "-1001000000001"  # bound to commune NH


def msg(
    message_id: str | int,
    text: str,
    *,
    sender: str | None = "1002",
    chat: str = TEAM_CHAT,
    at: datetime = datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
    version: int = 0,
    channel: str = "telegram",
) -> Inbound:
    return Inbound(channel, chat, str(message_id), at, text, sender, "x", version)


def send(
    sessions: sessionmaker[Session],
    *messages: Inbound,
    settings: Settings | None = None,
    batch_size: int = 500,
) -> ProcessStats:
    with sessions.begin() as session:
        record(session, messages)
    return process_pending(
        sessions, settings or Settings(db_url="sqlite://"), batch_size=batch_size
    )


def totals(session: Session) -> dict[tuple[str, str], int]:
    """Counted per team and indicator: what the leaderboard will add up."""
    rows = session.execute(
        select(Team.code, Indicator.code, func.sum(ReportEntry.value))
        .join(Team, ReportEntry.team_id == Team.id)
        .join(Indicator, ReportEntry.indicator_id == Indicator.id)
        .where(ReportEntry.superseded_by_id.is_(None))
        .group_by(Team.code, Indicator.code)
    )
    return {(team, indicator): int(value) for team, indicator, value in rows}


def status(session: Session, message_id: str, version: int = 0) -> tuple[str, str | None]:
    row = session.execute(
        select(InboundMessage.status, InboundMessage.reason).where(
            InboundMessage.message_id == message_id, InboundMessage.edit_version == version
        )
    ).one()
    return row.status, row.reason
