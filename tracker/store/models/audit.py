"""Every change an officer makes: who, when, what, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from tracker.store.base import Base, JSONDocument, UTCDateTime, utc_now


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_entity_key", "entity", "entity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))  # create, update, accept, reject, import...
    entity: Mapped[str] = mapped_column(String(32))  # unit, team, review_item...
    entity_key: Mapped[str] = mapped_column(String(200))
    before: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    after: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    # A change the rules refused: nothing was written but this entry, whose `after`
    # holds what was asked for and why it was refused.
    refused: Mapped[bool] = mapped_column(default=False, server_default=false())
