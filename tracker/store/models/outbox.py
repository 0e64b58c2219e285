"""Messages waiting to be sent. The idempotency key makes every send happen at most once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.store.base import Base, UTCDateTime, utc_now


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'expired', 'unknown')", name="status_known"
        ),
        Index("ix_outbox_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. reply:telegram:-100123:456, digest:telegram:-100123:2026-11-22,
    # reminder:CNCD_X:2026-11; a second message with the same key is never queued.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(64))
    reply_to: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a message still unsent stops being worth sending; None: as its kind says
    # (tracker/sync/expiry.py). Set when an admin retries an old message.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The platform's id for what was sent, once it was sent.
    external_id: Mapped[str | None] = mapped_column(String(64))
