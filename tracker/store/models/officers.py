"""Officer accounts: who may change what, and where on the map.

An account's LOGIN is the officer's operating-system login on the server; its scope is
one unit, and the account reaches that unit's whole subtree. The password is only for
the browser (`tracker web`); on the command line the system login already says who acts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.store.base import Base, UTCDateTime, utc_now
from tracker.store.models.geography import Unit

# From the least to the most an account may do.
OFFICER_ROLES = ("viewer", "editor", "admin")


class Officer(Base):
    __tablename__ = "officers"
    __table_args__ = (
        CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role_known"),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # RESTRICT: a unit that officers work on cannot vanish from under them.
    scope_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    scope: Mapped[Unit] = relationship()

    def __repr__(self) -> str:
        return f"Officer({self.login!r}, {self.role})"
