"""The journal: every inbound message exactly as received, and how far each channel was read."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from tracker.store.base import Base, JSONDocument, UTCDateTime, utc_now


class MessageStatus(StrEnum):
    PENDING = "pending"
    COUNTED = "counted"
    REVIEW = "review"
    IGNORED = "ignored"
    FAILED = "failed"


class MessageSource(StrEnum):
    """Where a journal row came from, which decides whether it is answered.

    Decided when the row is journalled, not by the process that happens to handle it:
    a live message (webhook, polling) gets its reply whoever processes it, a message
    taken from a file (history) never does."""

    LIVE = "live"
    IMPORT = "import"


class InboundMessage(Base):
    __tablename__ = "inbound_messages"
    __table_args__ = (
        # Re-delivery of the same version of the same message is a no-op.
        UniqueConstraint("channel", "chat_id", "message_id", "edit_version"),
        CheckConstraint(
            "status IN ('pending', 'counted', 'review', 'ignored', 'failed')",
            name="status_known",
        ),
        # Only pending rows are ever looked up by status. A partial index stays small, and a
        # row leaving it costs less than keeping a full status index up to date on every
        # processed message.
        Index(
            "ix_inbound_messages_pending",
            "sent_at",
            "id",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str] = mapped_column(String(64))
    # 0 for the message as first sent; an edit carries a larger number (Telegram's edit_date).
    edit_version: Mapped[int] = mapped_column(default=0)
    sender_id: Mapped[str | None] = mapped_column(String(64))
    sender_name: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    raw: Mapped[Any] = mapped_column(JSONDocument)
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.PENDING)
    reason: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(
        String(16), default=MessageSource.LIVE, server_default=MessageSource.LIVE.value
    )
    forwarded: Mapped[bool] = mapped_column(default=False, server_default=false())

    def __repr__(self) -> str:
        return (
            f"InboundMessage({self.channel}:{self.chat_id}/{self.message_id}v{self.edit_version})"
        )


class ChannelCursor(Base):
    """How far a channel has been read; written in the same transaction as the rows it covers."""

    __tablename__ = "channel_cursors"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class ChannelToken(Base):
    """A channel's OAuth token pair (Zalo OA: single-use refresh token), saved as one row."""

    __tablename__ = "channel_tokens"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    # When the access token runs out, if the platform said (Zalo: `expires_in`).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
