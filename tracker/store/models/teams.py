"""Teams, the units they cover, their members and the members' chat accounts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.store import tables
from tracker.store.base import Base, UTCDateTime
from tracker.store.models.geography import Unit

ROLES = ("leader", "deputy", "member")


class Team(Base):
    __table__ = tables.teams

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    # The level of the units it covers: it sets the member cap and the report deadline.
    level: Mapped[str]
    # The days the team works: from `active_from` (None: always) up to `retired_on`, the
    # first day it no longer does (merged into another team, disbanded). Outside them it
    # is not ranked, flagged overdue or reminded; its history stays.
    active_from: Mapped[date | None]
    retired_on: Mapped[date | None]

    # The units it covers now (its latest links); what it covered at a date is in
    # team_units' own dates, read by tracker/maps/history.py.
    units: Mapped[list[Unit]] = relationship(
        secondary="team_units",
        primaryjoin="and_(Team.id == TeamUnit.team_id, TeamUnit.valid_to.is_(None))",
        order_by="Unit.code",
    )
    members: Mapped[list[Member]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="Member.id"
    )

    def __repr__(self) -> str:
        return f"Team({self.code!r})"


class TeamUnit(Base):
    __table__ = tables.team_units

    team_id: Mapped[int]
    unit_id: Mapped[int]
    # The days the team covers the unit: a reorganisation ends a team's link to a merged
    # commune and starts one to the commune it merged into, so both months rank right.
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("role IN ('leader', 'deputy', 'member')", name="role_known"),
        UniqueConstraint("team_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="member")
    organization: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))

    team: Mapped[Team] = relationship(back_populates="members")
    accounts: Mapped[list[MemberAccount]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    def account(self, channel: str) -> str | None:
        return next((a.user_id for a in self.accounts if a.channel == channel), None)


class MemberAccount(Base):
    """A member's user id on one channel; a person in two teams has one row per membership."""

    __tablename__ = "member_accounts"
    __table_args__ = (
        UniqueConstraint("member_id", "channel"),
        Index("ix_member_accounts_channel_user_id", "channel", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(64))
    # The member's private chat with the bot on this channel, once they have written
    # there (Zalo bots see private chats only): where their own daily standing goes.
    private_chat_id: Mapped[str | None] = mapped_column(String(64))
    # The member's choice for that private standing (/tatbantin, /batbantin).
    private_digest: Mapped[bool] = mapped_column(default=True, server_default=true())
    # When and by whom the account was linked: "self" for a registration in chat, an
    # officer's name for an import or a review decision; empty for older rows.
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    linked_by: Mapped[str | None] = mapped_column(String(100))

    member: Mapped[Member] = relationship(back_populates="accounts")
