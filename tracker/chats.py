"""Finding the bound chat a message came from, whatever spelling of its id a source uses."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import UserError
from tracker.store.models import AuditEntry, Chat


def chat_id_variants(channel: str, chat_id: str) -> tuple[str, ...]:
    """Every spelling of one chat's id.

    Telegram Desktop exports name a supergroup by its bare id (1871203344); the Bot API
    calls it -1001871203344. Both must find the same chat (CONTRACTS §7).
    """
    if channel != "telegram":
        return (chat_id,)
    if chat_id.startswith("-100") and chat_id[4:].isdigit():
        return (chat_id, chat_id[4:])
    if chat_id.isdigit():
        return (chat_id, f"-100{chat_id}")
    return (chat_id,)


def find_chat(session: Session, channel: str, chat_id: str) -> Chat | None:
    variants = chat_id_variants(channel, chat_id)
    return session.scalars(
        select(Chat).where(Chat.channel == channel, Chat.chat_id.in_(variants))
    ).first()


def reactivate_chat(session: Session, channel: str, chat_id: str, actor: str) -> Chat | None:
    """Let sync write to a chat again after the platform refused it (Telegram 403), with
    an audit entry. Returns the chat, or None when it was active already."""
    chat = find_chat(session, channel, chat_id)
    if chat is None:
        raise UserError(
            f"no bound chat {channel} {chat_id}: bind it with `tracker import chats` first"
        )
    if chat.active:
        return None
    chat.active = True
    session.add(
        AuditEntry(
            actor=actor,
            action="reactivate",
            entity="chat",
            entity_key=f"{chat.channel}:{chat.chat_id}",
            before={"active": False},
            after={"active": True},
        )
    )
    return chat
