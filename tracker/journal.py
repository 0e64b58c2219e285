"""The one door into the store for inbound messages, and the channel cursors.

Every channel (polling, webhook, file import) writes here. Re-delivery of a message
version already in the journal is a no-op, so a crash between receiving and saving
the cursor doubles nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Insert, select
from sqlalchemy.orm import Session

from tracker.clock import as_utc, utcnow
from tracker.messages import Inbound
from tracker.store.models import ChannelCursor, InboundMessage, MessageStatus

_KEY = ["channel", "chat_id", "message_id", "edit_version"]


@dataclass(frozen=True, slots=True)
class Recorded:
    new: int
    known: int


def record(session: Session, messages: Iterable[Inbound]) -> Recorded:
    """Add the messages not yet in the journal, in the caller's transaction."""
    now = utcnow()
    rows = [_row(message, now) for message in messages]
    if not rows:
        return Recorded(0, 0)
    statement = _insert_ignoring_duplicates(session).returning(InboundMessage.id)
    new = len(session.execute(statement, rows).all())
    return Recorded(new, len(rows) - new)


def _insert_ignoring_duplicates(session: Session) -> Insert:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(InboundMessage).on_conflict_do_nothing(index_elements=_KEY)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(InboundMessage).on_conflict_do_nothing(index_elements=_KEY)


def _row(message: Inbound, now: datetime) -> dict[str, object]:
    return {
        "channel": message.channel,
        "chat_id": message.chat_id,
        "message_id": message.message_id,
        "edit_version": message.edit_version,
        "sender_id": message.sender_id,
        "sender_name": message.sender_name,
        "text": message.text,
        "sent_at": as_utc(message.sent_at),
        "received_at": now,
        "raw": dict(message.raw),
        # A service message needs no processing: it is kept and marked ignored at once.
        "status": MessageStatus.IGNORED if message.service else MessageStatus.PENDING,
        "reason": "service message" if message.service else None,
        "processed_at": now if message.service else None,
    }


def cursor(session: Session, channel: str) -> str | None:
    return session.scalar(select(ChannelCursor.position).where(ChannelCursor.channel == channel))


def save_cursor(session: Session, channel: str, position: str) -> None:
    """Move the channel's cursor; call it in the transaction that recorded what it covers."""
    row = session.get(ChannelCursor, channel)
    if row is None:
        session.add(ChannelCursor(channel=channel, position=position))
    else:
        row.position = position
