"""A member's private chat with the bot: remembered when they write there, and their
choice of a daily standing in it (`/tatbantin`, `/batbantin`).

A chat is private when its id is the sender's own id: Telegram gives a private chat the
user's id, the Zalo Bot Platform and a Zalo Official Account answer a user at their id.
One person in several teams has one account row per membership; each of them is kept
the same, so that the person is one recipient.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker import audit
from tracker.config import Settings
from tracker.reports.outcome import Message, Outcome
from tracker.reports.replies import TEXT
from tracker.reports.teams import Directory
from tracker.store.models import Member, MemberAccount, MessageStatus


def is_private(chat_id: str, sender_id: str | None) -> bool:
    return sender_id is not None and chat_id == sender_id


def _accounts(session: Session, channel: str, user_id: str) -> list[MemberAccount]:
    return list(
        session.scalars(
            select(MemberAccount)
            .where(MemberAccount.channel == channel, MemberAccount.user_id == user_id)
            .options(joinedload(MemberAccount.member).joinedload(Member.team))
            .order_by(MemberAccount.id)
        )
    )


def _audit(
    session: Session, account: MemberAccount, field: str, before: object, actor: str = ""
) -> None:
    member = account.member
    audit.record(
        session,
        actor or member.name,  # by default the member's own change, from chat
        "update",
        "member_account",
        f"{member.team.code}/{member.name}/{account.channel}",
        {field: before},
        {field: getattr(account, field)},
    )


def remember_private_chat(session: Session, channel: str, user_id: str, chat_id: str) -> int:
    """`chat_id` is the private chat of every account of `user_id` on `channel`; how many
    accounts learnt it (0 when they knew it already, or the sender is no member)."""
    changed = 0
    for account in _accounts(session, channel, user_id):
        if account.private_chat_id != chat_id:
            before = account.private_chat_id
            account.private_chat_id = chat_id
            _audit(session, account, "private_chat_id", before)
            changed += 1
    return changed


def remember_private_chats(session: Session, directory: Directory, rows: list[Message]) -> None:
    """Each known member among `rows` (live messages) who wrote to the bot in private:
    that chat is where their own standing goes."""
    seen = set()
    for row in rows:
        key = (row.channel, row.chat_id)
        if row.live and is_private(row.chat_id, row.sender_id) and key not in seen:
            seen.add(key)
            if directory.sender_teams(row.channel, row.sender_id):
                # In private the chat's id is the sender's own.
                remember_private_chat(session, row.channel, row.chat_id, row.chat_id)


def forget_private_chat(session: Session, channel: str, chat_id: str) -> int:
    """The bot can no longer write in this private chat (the member blocked it or left):
    nothing more goes there until they write again. How many accounts forgot it."""
    accounts = session.scalars(
        select(MemberAccount)
        .where(MemberAccount.channel == channel, MemberAccount.private_chat_id == chat_id)
        .options(joinedload(MemberAccount.member).joinedload(Member.team))
    ).all()
    for account in accounts:
        account.private_chat_id = None
        _audit(session, account, "private_chat_id", chat_id, actor="tracker sync")
    return len(accounts)


def set_private_digest(session: Session, channel: str, user_id: str, on: bool) -> list[str]:
    """Turn the sender's daily private standing on or off, on every account of theirs;
    the private chats it now goes to (none when off or not yet known)."""
    chats = []
    for account in _accounts(session, channel, user_id):
        if account.private_digest != on:
            account.private_digest = on
            _audit(session, account, "private_digest", not on)
        if account.private_chat_id:
            chats.append(account.private_chat_id)
    return chats


def record_digest_choice(
    session: Session, row: Message, on: bool, settings: Settings, language: str
) -> Outcome:
    """`/tatbantin` or `/batbantin` from chat: stored, and confirmed in the reply."""
    if not row.live:
        # History from a file: a choice made then may have been undone since.
        return Outcome(MessageStatus.IGNORED, "a private-standing choice from history")
    if not row.sender_id or not _accounts(session, row.channel, row.sender_id):
        reason = "unknown_sender"
        return Outcome(MessageStatus.IGNORED, reason, TEXT(language, "digest_unknown"))
    chats = set_private_digest(session, row.channel, row.sender_id, on)
    session.flush()
    if not on:
        reply = TEXT(language, "digest_off")
    elif chats:
        reply = TEXT(language, "digest_on", time=settings.digest_time.strftime("%H:%M"))
    else:
        reply = TEXT(language, "digest_on_elsewhere")
    return Outcome(MessageStatus.COUNTED, None, reply)
