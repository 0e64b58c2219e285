"""Queueing outgoing messages: the idempotency key makes each go out at most once.

A reply is keyed by the message it answers, a digest by chat and day, a reminder and
an overdue flag by team and month. Queueing a key that is already in the outbox does
nothing, in any process, at any time: that is what makes restarts safe.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Insert, delete, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.clock import VIETNAM, as_utc, utcnow
from tracker.errors import UserError
from tracker.i18n import Catalogue
from tracker.messages import Outbound
from tracker.store.models import Chat, OutboxMessage, Unit
from tracker.sync.expiry import RETRY_LIFETIME


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


def withdraw(session: Session, keys: Collection[str]) -> tuple[str, str] | None:
    """Remove the messages under `keys` while every one of them is still pending, in the
    caller's transaction: their keys are free again, so that what queued them (a digest's
    scheduled run) may queue them once more. Returns None when they are gone, else the key
    and status of one that is no longer pending (sent, in doubt, failed); the caller then
    refuses, rolling back whatever this removed.

    The status is read in the DELETE itself: a send recorded meanwhile (another process)
    leaves its row in place and the count short. A message the sync has read but not yet
    recorded still reads as pending: withdrawing it then does not stop that one send.
    """
    wanted = list(keys)
    if not wanted:
        return None
    found = dict(
        session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.status).where(
                OutboxMessage.idempotency_key.in_(wanted)
            )
        ).all()
    )
    for key in wanted:
        if key in found and found[key] != "pending":
            return key, found[key]
    removed = session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.idempotency_key.in_(list(found)), OutboxMessage.status == "pending"
        ),
        execution_options={"synchronize_session": False},
    )
    if cast(CursorResult[Any], removed).rowcount != len(found):
        status = session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.status)
            .where(OutboxMessage.idempotency_key.in_(list(found)))
            .order_by(OutboxMessage.id)
        ).first()
        return (status[0], status[1]) if status is not None else (wanted[0], "sent")
    return None


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


# -- what an admin sees and resends (`tracker outbox`) ----------------------------------

RETRYABLE = ("failed", "expired", "unknown")
STATUSES = ("pending", "sent", "failed", "expired", "unknown")

TEXT = Catalogue(
    vi={
        "unknown_id": "không có tin nào mã {id} trong hàng đợi gửi",
        "not_retryable": (
            "tin {id} đang ở trạng thái '{status}': chỉ gửi lại được tin "
            "failed, expired hoặc unknown"
        ),
        "which": "outbox retry: hãy ghi mã tin (ID) hoặc --all-failed, không cả hai",
        "queued_again": "đã xếp lại {count} tin để gửi{ids}",
    },
    en={
        "unknown_id": "no outbox message has id {id}",
        "not_retryable": (
            "message {id} is '{status}': only failed, expired or unknown messages can be resent"
        ),
        "which": "outbox retry: give message IDs or --all-failed, not both",
        "queued_again": "{count} message(s) queued again{ids}",
    },
)


@dataclass(frozen=True, slots=True)
class OutboxView:
    id: int
    status: str
    kind: str
    channel: str
    chat_id: str
    attempts: int
    created_at: datetime
    not_before: datetime | None
    expires_at: datetime | None
    sent_at: datetime | None
    last_error: str | None
    idempotency_key: str
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "status": self.status,
            "kind": self.kind,
            "channel": self.channel,
            "chat_id": self.chat_id,
            "attempts": self.attempts,
            "created_at": _iso(self.created_at),
            "not_before": _iso(self.not_before),
            "expires_at": _iso(self.expires_at),
            "sent_at": _iso(self.sent_at),
            "last_error": self.last_error,
            "idempotency_key": self.idempotency_key,
            "text": self.text,
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).astimezone(VIETNAM).isoformat()


def list_outbox(session: Session, statuses: Collection[str], limit: int) -> list[OutboxView]:
    """The newest `limit` outbox messages in `statuses`, newest first."""
    o = OutboxMessage
    rows = session.execute(
        select(
            o.id,
            o.status,
            o.kind,
            o.channel,
            o.chat_id,
            o.attempts,
            o.created_at,
            o.not_before,
            o.expires_at,
            o.sent_at,
            o.last_error,
            o.idempotency_key,
            o.text,
        )
        .where(o.status.in_(list(statuses)))
        .order_by(o.id.desc())
        .limit(limit)
    )
    return [OutboxView(**row._asdict()) for row in rows]


def retry_messages(
    session: Session,
    ids: Collection[int],
    actor: str,
    *,
    all_failed: bool = False,
    language: str = "vi",
    now: datetime | None = None,
) -> list[int]:
    """Queue again the messages `ids` (or every `failed` one), with an audit entry each,
    in the caller's transaction; they get a day from now before they expire. Refuses
    (UserError, nothing changed) an unknown id or one that is pending or sent."""
    now = now or utcnow()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if all_failed:
        query = query.where(OutboxMessage.status == "failed")
    else:
        query = query.where(OutboxMessage.id.in_(list(ids)))
    rows = list(session.scalars(query))
    found = {row.id for row in rows}
    for wanted in ids:
        if wanted not in found:
            raise UserError(TEXT(language, "unknown_id", id=wanted))
    for row in rows:
        if row.status not in RETRYABLE:
            raise UserError(TEXT(language, "not_retryable", id=row.id, status=row.status))
    from tracker.officers.service_scope import check_outbox_chat

    for row in rows:  # a message goes to a chat: retrying it is a write in that chat's place
        what = f"outbox retry {row.id}"
        check_outbox_chat(session, actor, row.channel, row.chat_id, what=what)
    for row in rows:
        before = {"status": row.status, "attempts": row.attempts, "last_error": row.last_error}
        row.status = "pending"
        row.not_before = None
        row.expires_at = now + RETRY_LIFETIME
        after = {"status": "pending", "expires_at": _iso(row.expires_at)}
        audit.record(session, actor, "retry", "outbox", row.idempotency_key, before, after)
    session.flush()
    return [row.id for row in rows]
