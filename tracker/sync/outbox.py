"""Queueing outgoing messages: the idempotency key makes each go out at most once.

A reply is keyed by the message it answers, a digest by chat and day, a reminder and
an overdue flag by team and month. Queueing a key that is already in the outbox does
nothing, in any process, at any time: that is what makes restarts safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Insert, select
from sqlalchemy.orm import Session

from tracker.clock import utcnow
from tracker.messages import Outbound
from tracker.store.models import Chat, OutboxMessage, Unit


def queue(
    session: Session, messages: Iterable[Outbound], not_before: datetime | None = None
) -> int:
    """Add the messages whose keys are new, in the caller's transaction; how many were."""
    now = utcnow()
    rows = [
        {
            "idempotency_key": message.idempotency_key,
            "kind": message.kind,
            "channel": message.channel,
            "chat_id": message.chat_id,
            "reply_to": message.reply_to,
            "text": message.text,
            "status": "pending",
            "attempts": 0,
            "not_before": not_before,
            "created_at": now,
        }
        for message in messages
    ]
    if not rows:
        return 0
    statement = _insert_ignoring_duplicates(session).returning(OutboxMessage.id)
    return len(session.execute(statement, rows).all())


def _insert_ignoring_duplicates(session: Session) -> Insert:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(OutboxMessage).on_conflict_do_nothing(index_elements=["idempotency_key"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(OutboxMessage).on_conflict_do_nothing(index_elements=["idempotency_key"])


def known_keys(session: Session, pattern: str) -> set[str]:
    """The outbox keys matching the SQL LIKE `pattern` (e.g. `digest:%:2026-11-22`)."""
    return set(
        session.scalars(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.like(pattern))
        )
    )


def officer_chat(session: Session, unit: Unit | None, channels: Iterable[str]) -> Chat | None:
    """The active chat of `unit` or, failing that, of its nearest ancestor that has one."""
    wanted = list(channels)
    seen: set[int] = set()
    while unit is not None and unit.id not in seen:
        seen.add(unit.id)
        chat = session.scalars(
            select(Chat)
            .where(Chat.unit_id == unit.id, Chat.active.is_(True), Chat.channel.in_(wanted))
            .order_by(Chat.id)
        ).first()
        if chat is not None:
            return chat
        unit = unit.parent
    return None
