"""Queueing a unit's digest for its chats. Sending is `tracker sync`'s job, from the outbox.

One outbox row per message part. The first part's idempotency key is
`digest:{channel}:{chat_id}:{date}`; further parts add `#2`, `#3`… A key already in the
outbox is never queued again, so posting twice on one day sends once.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker.config import Settings
from tracker.digest.build import build_unit_digests
from tracker.digest.model import Digest
from tracker.digest.render import render_digest
from tracker.digest.split import limit_for
from tracker.store.models import Chat, OutboxMessage


def unit_chat_digests(session: Session, day: date, settings: Settings) -> list[tuple[Chat, Digest]]:
    """Every active chat bound to a unit, with its unit's digest, built in one batch.

    This is the fast way to do a whole day's unit digests (see `build_unit_digests`):
    one standing per top-most unit instead of one per chat.
    """
    chats = session.scalars(
        select(Chat)
        .where(Chat.unit_id.is_not(None), Chat.active.is_(True))
        .options(joinedload(Chat.unit))
        .order_by(Chat.id)
    ).all()
    units = {chat.unit.id: chat.unit for chat in chats if chat.unit is not None}
    built = build_unit_digests(session, list(units.values()), day, settings)
    return [(chat, built[chat.unit_id]) for chat in chats if chat.unit_id is not None]


def digest_key(channel: str, chat_id: str, day: date, part: int = 1) -> str:
    key = f"digest:{channel}:{chat_id}:{day.isoformat()}"
    return key if part == 1 else f"{key}#{part}"


def queue_unit_digest(session: Session, unit_id: int, digest: Digest, language: str) -> list[str]:
    """Queue the digest for every active chat bound to the unit; the keys newly queued."""
    chats = session.scalars(
        select(Chat).where(Chat.unit_id == unit_id, Chat.active.is_(True)).order_by(Chat.id)
    )
    queued = []
    for chat in chats:
        # Plain text, like everything in the outbox: the adapter escapes it for its platform.
        parts = render_digest(digest, language, limit_for(chat.channel), "plain")
        for number, text in enumerate(parts, 1):
            key = digest_key(chat.channel, chat.chat_id, digest.date, number)
            exists = session.scalars(
                select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
            ).first()
            if exists is None:
                session.add(
                    OutboxMessage(
                        idempotency_key=key,
                        kind="digest",
                        channel=chat.channel,
                        chat_id=chat.chat_id,
                        text=text,
                    )
                )
                queued.append(key)
    session.flush()
    return queued
