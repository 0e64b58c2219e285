"""Undoing the digest screen's last "post now": the chat's digest of that day, all its parts,
taken back out of the outbox while none of them has gone out.

The parts are removed, not marked: the outbox keeps a key once (that is what makes a
digest go out once), so the scheduled run, which skips a chat whose digest key is in the
outbox, queues that day's digest again as if it had never been posted. The post stays in
the audit log, beside an `undo` entry of its own. Once any part was sent (or perhaps
sent, or failed) the post is not taken back: refused in one line, nothing removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.digest.post import digest_key
from tracker.errors import Refusal
from tracker.officers.service_scope import check_chat
from tracker.store.models import Chat, OutboxMessage
from tracker.sync.outbox import withdraw
from tracker.undo import UndoRefused


@dataclass(frozen=True, slots=True)
class DigestPost:
    """One "post now": the chat (its row id) and the day whose digest was queued."""

    chat: int
    channel: str
    chat_id: str
    day: date

    @property
    def key(self) -> str:
        return digest_key(self.channel, self.chat_id, self.day)


def undo_post(session: Session, post: DigestPost, officer: str) -> int:
    """Take the chat's digest of `post.day` out of the outbox, in the caller's transaction;
    how many parts were taken."""
    chat = session.get(Chat, post.chat)
    if chat is None:
        raise Refusal("chat.gone", id=post.chat)
    check_chat(session, officer, "write", chat, what=f"digest undo {chat.channel}:{chat.chat_id}")
    first = post.key
    key = OutboxMessage.idempotency_key
    parts = list(
        session.scalars(
            select(key).where(or_(key == first, key.startswith(f"{first}#", autoescape=True)))
        )
    )
    if not parts:
        raise UndoRefused("undo.gone", item=first)
    gone = withdraw(session, parts)
    if gone is not None:
        raise UndoRefused("undo.digest_sent", item=first, status=gone[1])
    where = f"{post.channel}:{post.chat_id}"
    before = {"chat": where, "parts": len(parts), "status": "pending"}
    audit.record(session, officer, "undo", "digest", first, before, {"chat": where, "parts": 0})
    return len(parts)
