"""Who may send for this store: one `tracker sync` at a time (tracker/sync/lease.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.store.base import Base, UTCDateTime, utc_now


class SyncLease(Base):
    """The process that holds a named lease, until `expires_at` unless it renews it.

    `expires_at` is in seconds since 1970 on the store's own clock, which every process
    sharing the store reads alike (the tracker's clock may be pinned per process). On
    PostgreSQL the lease itself is an advisory lock; the row only says who holds it."""

    __tablename__ = "sync_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[float] = mapped_column(Float)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
