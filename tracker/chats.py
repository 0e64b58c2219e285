"""Finding the bound chat a message came from, whatever spelling of its id a source uses."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.models import Chat


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
