"""Queueing a unit's digest for its chats. Sending is `tracker sync`'s job, from the outbox.

One outbox row per message part. The first part's idempotency key is
`digest:{channel}:{chat_id}:{date}`; further parts add `#2`, `#3`… A key already in the
outbox is never queued again, so posting twice on one day sends once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker.config import Settings
from tracker.digest.build import build_unit_digests, digest_for_team
from tracker.digest.model import Digest
from tracker.digest.render import render_digest
from tracker.digest.split import limit_for, measure_for
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


def chat_digest_texts(
    session: Session,
    chats: Sequence[Chat],
    day: date,
    settings: Settings,
    limits: Mapping[str, int] | None = None,
) -> dict[int, list[str]]:
    """The messages of each chat's digest for `day`, by the chat's row id.

    A unit's chat gets its unit's digest (all units built in one batch), a team's chat
    its team digest; the text is plain, in the settings' language, cut to the channel's
    limit (`limits`, else `limit_for`). This is what the scheduled run queues and what
    the TUI's preview shows and posts, so that both say the same under the same keys.
    """
    units = {chat.unit.id: chat.unit for chat in chats if chat.unit is not None}
    built = build_unit_digests(session, list(units.values()), day, settings)
    texts: dict[int, list[str]] = {}
    for chat in chats:
        if chat.unit_id is not None:
            digest = built[chat.unit_id]
        elif chat.team is not None:
            digest = digest_for_team(session, chat.team, day, settings)
        else:
            continue
        limit = limits[chat.channel] if limits is not None else limit_for(chat.channel)
        parts = render_digest(digest, settings.language, limit, "plain", measure_for(chat.channel))
        texts[chat.id] = [text for text in parts if text.strip()]
    return texts


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
        limit, measure = limit_for(chat.channel), measure_for(chat.channel)
        parts = render_digest(digest, language, limit, "plain", measure)
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
