"""Chat groups the tracker reads and writes, each bound to a unit or to a team."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.store.base import Base
from tracker.store.models.geography import Unit
from tracker.store.models.teams import Team


class Chat(Base):
    __tablename__ = "chats"
    __table_args__ = (
        UniqueConstraint("channel", "chat_id"),
        CheckConstraint("(unit_id IS NULL) <> (team_id IS NULL)", name="bound_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    # False once the platform says the bot was removed (Telegram 403): nothing more is sent.
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit | None] = relationship()
    team: Mapped[Team | None] = relationship()

    def __repr__(self) -> str:
        return f"Chat({self.channel}:{self.chat_id})"
