"""What the journal turns into: counted entries, review items and monthly reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.store.base import Base, JSONDocument, UTCDateTime, utc_now
from tracker.store.models.counts import COUNT
from tracker.store.models.indicators import Indicator
from tracker.store.models.journal import InboundMessage
from tracker.store.models.teams import Team


class ReportEntry(Base):
    """One counted number. It comes from a message or from an officer, never from nowhere."""

    __tablename__ = "report_entries"
    __table_args__ = (
        CheckConstraint("message_id IS NOT NULL OR officer IS NOT NULL", name="has_source"),
        Index("ix_report_entries_team_id_local_date", "team_id", "local_date"),
        Index("ix_report_entries_message_id", "message_id"),
        Index("ix_report_entries_local_date_indicator_id", "local_date", "indicator_id"),
        # The counted entries only, with every column the standing reads (migration 0013).
        Index(
            "ix_report_entries_counted",
            "team_id",
            "local_date",
            "indicator_id",
            "value",
            "superseded_by_id",
            sqlite_where=text("superseded_by_id IS NULL"),
            postgresql_where=text("superseded_by_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    local_date: Mapped[date] = mapped_column(Date)
    # The count added. For a stated total ("=45") it is the difference from the earlier reports.
    value: Mapped[int] = mapped_column(COUNT)
    stated_total: Mapped[int | None] = mapped_column(COUNT)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    officer: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    # Set when an edit of the message replaced this entry; superseded entries are never counted.
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    team: Mapped[Team] = relationship()
    indicator: Mapped[Indicator] = relationship()
    message: Mapped[InboundMessage | None] = relationship(foreign_keys=[message_id])


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
    __tablename__ = "monthly_reports"
    __table_args__ = (UniqueConstraint("team_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))  # 2026-10
    # The first submission counts for the deadline; later ones update the text.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    good_practices: Mapped[str] = mapped_column(Text, default="")
    # The totals the team stated, kept for comparison; they change no counts.
    totals: Mapped[Any] = mapped_column(JSONDocument, default=dict)

    team: Mapped[Team] = relationship()


class MonthlyDecision(Base):
    """An officer's decision on a team's monthly report: approved, or returned with a reason.

    One row per team and month, the latest decision; earlier ones are in the audit log. A
    returned report sent again removes its row, so the report reads as sent once more.
    """

    __tablename__ = "monthly_decisions"
    __table_args__ = (
        UniqueConstraint("team_id", "month"),
        CheckConstraint("status IN ('approved', 'returned')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    reason: Mapped[str | None] = mapped_column(Text)

    team: Mapped[Team] = relationship()
