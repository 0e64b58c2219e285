"""What the journal turns into: counted entries, review items and monthly reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.store import tables
from tracker.store.base import Base, UTCDateTime, utc_now
from tracker.store.models.counts import COUNT
from tracker.store.models.indicators import Indicator
from tracker.store.models.journal import InboundMessage
from tracker.store.models.teams import Team


class ReportEntry(Base):
    """One counted number. It comes from a message or from an officer, never from nowhere."""

    __table__ = tables.report_entries

    id: Mapped[int]
    team_id: Mapped[int]
    indicator_id: Mapped[int]
    local_date: Mapped[date]
    # The count added. For a stated total ("=45") it is the difference from the earlier reports.
    value: Mapped[int]
    stated_total: Mapped[int | None]
    sent_at: Mapped[datetime]
    message_id: Mapped[int | None]
    officer: Mapped[str | None]
    note: Mapped[str | None]
    # Set when an edit of the message replaced this entry; superseded entries are never counted.
    superseded_by_id: Mapped[int | None]
    created_at: Mapped[datetime]

    team: Mapped[Team] = relationship()
    indicator: Mapped[Indicator] = relationship()
    message: Mapped[InboundMessage | None] = relationship(
        foreign_keys=[tables.report_entries.c.message_id]
    )


class ReviewItem(Base):
    """Something a message said that the tracker would not count on its own."""

    __tablename__ = "review_items"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'accepted', 'rejected')", name="status_known"),
        Index("ix_review_items_status", "status"),
        Index("ix_review_items_message_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("inbound_messages.id"))
    reason: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    value: Mapped[int | None] = mapped_column(COUNT)
    status: Mapped[str] = mapped_column(String(16), default="open")
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("report_entries.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    message: Mapped[InboundMessage] = relationship()
    team: Mapped[Team | None] = relationship()
    indicator: Mapped[Indicator | None] = relationship()


class MonthlyReport(Base):
    __table__ = tables.monthly_reports

    id: Mapped[int]
    team_id: Mapped[int]
    month: Mapped[str]  # 2026-10
    # The first submission counts for the deadline; later ones update the text.
    submitted_at: Mapped[datetime]
    message_id: Mapped[int | None]
    difficulties: Mapped[str]
    proposals: Mapped[str]
    good_practices: Mapped[str]
    # The totals the team stated, kept for comparison; they change no counts.
    totals: Mapped[Any]

    team: Mapped[Team] = relationship()


class MonthlyDecision(Base):
    """An officer's decision on a team's monthly report: approved, or returned with a reason.

    One row per team and month, the latest decision; earlier ones are in the audit log. A
    returned report sent again removes its row, so the report reads as sent once more.
    """

    __table__ = tables.monthly_decisions

    id: Mapped[int]
    team_id: Mapped[int]
    month: Mapped[str]
    status: Mapped[str]
    decided_by: Mapped[str]
    decided_at: Mapped[datetime]
    reason: Mapped[str | None]

    team: Mapped[Team] = relationship()
