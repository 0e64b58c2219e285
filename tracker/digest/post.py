"""Queueing a chat's digest now, as an officer asks. Sending is `tracker sync`'s job.

One outbox row per message part. The first part's idempotency key is
`digest:{channel}:{chat_id}:{date}`; further parts add `#2`, `#3`… A key already in the
outbox is never queued again, so posting twice on one day sends once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker import audit
from tracker.config import Settings
from tracker.digest.build import build_unit_digests, digest_for_team
from tracker.digest.model import Digest
from tracker.digest.render import render_digest
from tracker.digest.split import limit_for, measure_for
from tracker.errors import Refusal
from tracker.maps.history import team_works_on, unit_valid_on
from tracker.messages import Outbound
from tracker.officers.service_scope import check_chat, check_units
from tracker.store.models import Chat, Unit
from tracker.sync.outbox import queue


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
    # An ended unit (a district after 1 July 2025) or a retired team gets no digest: its
    # chat would only hear of an empty ranking.
    units = {
        chat.unit.id: chat.unit
        for chat in chats
        if chat.unit is not None and unit_valid_on(chat.unit, day)
    }
    built = build_unit_digests(session, list(units.values()), day, settings)
    texts: dict[int, list[str]] = {}
    for chat in chats:
        if chat.unit_id is not None:
            if chat.unit_id not in built:
                continue
            digest = built[chat.unit_id]
        elif chat.team is not None:
            if not team_works_on(chat.team, day):
                continue
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


@dataclass(frozen=True, slots=True)
class PostedDigest:
    channel: str
    chat_id: str
    queued: int  # message parts newly queued: 0 when today's digest was queued already


def post_chat_digests(
    session: Session, chats: Sequence[Chat], day: date, settings: Settings, actor: str
) -> list[PostedDigest]:
    """Queue now, in the caller's transaction, `day`'s digest of each chat as the
    scheduled run would (same text, same keys, so it is sent once), with one audit entry
    per chat it queued for. The one way an officer posts a digest, from the CLI or the TUI.
    """
    texts = chat_digest_texts(session, chats, day, settings)
    posted = []
    for chat in chats:
        channel, chat_id = chat.channel, chat.chat_id
        parts = [
            Outbound(channel, chat_id, text, digest_key(channel, chat_id, day, number), "digest")
            for number, text in enumerate(texts.get(chat.id, []), 1)
        ]
        queued = queue(session, parts)
        if queued:
            after = {"chat": f"{channel}:{chat_id}", "parts": queued}
            key = digest_key(channel, chat_id, day)
            audit.record(session, actor, "post", "digest", key, None, after)
        posted.append(PostedDigest(channel, chat_id, queued))
    return posted


def post_unit_digest(
    session: Session, unit: Unit, day: date, settings: Settings, actor: str
) -> list[PostedDigest]:
    """Post the unit's digest to every active chat bound to the unit (`tracker digest --post`)."""
    what = f"digest post {unit.code}"
    check_units(session, actor, "write", [unit.id], what=what, entity="digest", key=unit.code)
    chats = session.scalars(
        select(Chat).where(Chat.unit_id == unit.id, Chat.active.is_(True)).order_by(Chat.id)
    ).all()
    return post_chat_digests(session, chats, day, settings, actor)


def post_digest_to_chat(
    session: Session, chat_row: int, day: date, settings: Settings, actor: str
) -> PostedDigest:
    """Post the digest of one bound chat, by its row id (the TUI's "post now")."""
    chat = session.get(Chat, chat_row)
    if chat is None:
        raise Refusal("chat.gone", id=chat_row)
    check_chat(session, actor, "write", chat, what=f"digest post {chat.channel}:{chat.chat_id}")
    return post_chat_digests(session, [chat], day, settings, actor)[0]
