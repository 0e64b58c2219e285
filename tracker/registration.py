"""Linking a chat account to a roster member, by the member's own registration or an
officer's decision, and taking up again what the sender sent before they were known.

Officers have names and phone numbers, not chat ids: a member says who they are with
their phone (`/dangky 0912345678`, Telegram's share-my-number button), or an officer
names the member for a sender in the review inbox. Either way the account is linked to
an existing member (never a new one), the link is audited, and the sender's reports
held as `unknown_sender` go back to the pipeline, in the order they were sent, to be
counted on their own dates and answered like any report.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from tracker import audit
from tracker.clock import VIETNAM, utcnow
from tracker.phones import mask_phone
from tracker.store.models import (
    InboundMessage,
    Member,
    MemberAccount,
    MessageStatus,
    ReviewItem,
)

log = logging.getLogger(__name__)

SELF = "self"  # `linked_by` of an account its owner linked from chat
ATTEMPTS_PER_DAY = 5
# The journal reason of a held message given back to the pipeline: it is answered again
# (the first answer said it was held), under a reply key of its own.
REQUEUED = "held until the sender was known; processed again"
# The journal reason of every registration attempt starts so: the daily limit counts them.
ATTEMPT = "registration:"


@dataclass(frozen=True, slots=True)
class Linked:
    member_id: int
    member: str
    team_id: int
    team_code: str
    team_name: str
    masked_phone: str
    requeued: int  # held messages given back to the pipeline


def members_with_phone(session: Session, phone: str) -> list[Member]:
    """Roster members whose phone is `phone` (both in stored form, `tracker.phones`)."""
    query = (
        select(Member)
        .where(Member.phone == phone)
        .options(selectinload(Member.team), selectinload(Member.accounts))
        .order_by(Member.id)
    )
    return list(session.scalars(query))


def accounts_of(session: Session, channel: str, user_id: str) -> list[MemberAccount]:
    """The links this chat account already has (one per team the person is in)."""
    query = (
        select(MemberAccount)
        .where(MemberAccount.channel == channel, MemberAccount.user_id == user_id)
        .options(selectinload(MemberAccount.member).selectinload(Member.team))
    )
    return list(session.scalars(query))


def link_account(
    session: Session,
    member: Member,
    channel: str,
    user_id: str,
    *,
    by: str,
    private_chat_id: str | None = None,
) -> Linked:
    """Link `user_id` on `channel` to `member` and take up the sender's held messages.

    The caller has checked that the member has no other account on the channel. `by` is
    SELF for a registration in chat, else the officer's name (also the audit's actor).
    """
    now = utcnow()
    account = next((a for a in member.accounts if a.channel == channel), None)
    before = None if account is None else {"user_id": account.user_id}
    if account is None:
        account = MemberAccount(channel=channel, user_id=user_id)
        member.accounts.append(account)
    account.user_id, account.linked_at, account.linked_by = user_id, now, by
    if private_chat_id is not None:
        account.private_chat_id = private_chat_id
    session.flush()
    actor = by if by != SELF else f"{channel}:{user_id}"
    after = {"channel": channel, "user_id": user_id, "linked_by": by}
    if private_chat_id is not None:
        after["private_chat_id"] = private_chat_id
    _audit(session, actor, "link", f"{member.team.code}/{member.name}/{channel}", before, after)
    requeued = requeue_held(session, channel, user_id, actor)
    phone = mask_phone(member.phone) if member.phone else ""
    team = member.team
    return Linked(member.id, member.name, team.id, team.code, team.name, phone, requeued)


def requeue_held(session: Session, channel: str, user_id: str, actor: str) -> int:
    """Give the sender's messages held as `unknown_sender` back to the pipeline.

    Their open review items are closed (decided by the link, audited); the pipeline
    then parses each message again, oldest first, on its own date, so that it counts or
    goes to review for what it says. Returns how many messages were given back.
    """
    held = select(ReviewItem.message_id).join(ReviewItem.message)
    held = held.where(
        ReviewItem.status == "open",
        ReviewItem.reason == "unknown_sender",
        InboundMessage.channel == channel,
        InboundMessage.sender_id == user_id,
    )
    message_ids = sorted(set(session.scalars(held)))
    if not message_ids:
        return 0
    now = utcnow()
    items = session.scalars(
        select(ReviewItem)
        .where(ReviewItem.message_id.in_(message_ids), ReviewItem.status == "open")
        .order_by(ReviewItem.id)
    ).all()
    for item in items:
        before = {"status": "open", "reason": item.reason}
        item.status, item.decided_by, item.decided_at = "accepted", actor, now
        after = {"status": "accepted", "reason": item.reason, "resolved_by": "link"}
        _audit(session, actor, "link", str(item.id), before, after, entity="review_item")
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.id.in_(message_ids), InboundMessage.status == MessageStatus.REVIEW)
        .values(status=MessageStatus.PENDING, reason=REQUEUED, processed_at=None),
        execution_options={"synchronize_session": False},
    )
    session.flush()
    return len(message_ids)


def attempts_on(session: Session, channel: str, user_id: str, day: date) -> int:
    """Registration attempts the account made on `day` (Vietnam time), from the journal."""
    start = datetime.combine(day, time(), VIETNAM)
    query = select(func.count(InboundMessage.id)).where(
        InboundMessage.channel == channel,
        InboundMessage.sender_id == user_id,
        InboundMessage.reason.like(f"{ATTEMPT}%"),
        InboundMessage.sent_at >= start,
        InboundMessage.sent_at < start + timedelta(days=1),
    )
    return int(session.scalar(query) or 0)


def _audit(
    session: Session,
    actor: str,
    action: str,
    key: str,
    before: Any,
    after: Any,
    entity: str = "member_account",
) -> None:
    audit.record(session, actor, action, entity, key, before, after)


@dataclass(frozen=True, slots=True)
class Unlinked:
    team: str
    team_name: str
    member: str
    role: str
    phone: str  # masked; empty when the roster has none

    def as_dict(self) -> dict[str, str]:
        return {
            "team": self.team,
            "team_name": self.team_name,
            "member": self.member,
            "role": self.role,
            "phone": self.phone,
        }


def unlinked_members(session: Session, scope: str | None = None) -> list[Unlinked]:
    """Members with no account on any channel, in the teams under `scope` (a unit code;
    every team when None), by team code and name: whom an officer still has to chase."""
    from tracker.hierarchy import find_unit, team_ids_under
    from tracker.store.models import Team

    linked = select(MemberAccount.member_id)
    query = (
        select(Team.code, Team.name, Member.name, Member.role, Member.phone)
        .join(Member, Member.team_id == Team.id)
        .where(Member.id.not_in(linked))
        .order_by(Team.code, Member.name)
    )
    if scope is not None:
        query = query.where(Team.id.in_(team_ids_under(find_unit(session, scope).id)))
    return [
        Unlinked(code, team_name, name, role, mask_phone(phone) if phone else "")
        for code, team_name, name, role, phone in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class Choice:
    """A member an officer may name as a sender, for a pick list."""

    team: str
    team_name: str
    member: str
    linked: bool  # already has an account on the channel in question


def member_choices(session: Session, channel: str) -> list[Choice]:
    """Every roster member, by team and name, and whether they have a `channel` account."""
    from tracker.store.models import Team

    linked = select(MemberAccount.member_id).where(MemberAccount.channel == channel)
    query = (
        select(Team.code, Team.name, Member.name, Member.id.in_(linked))
        .join(Member, Member.team_id == Team.id)
        .order_by(Team.code, Member.name)
    )
    return [
        Choice(code, name, member, bool(has)) for code, name, member, has in session.execute(query)
    ]
