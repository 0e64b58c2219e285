"""The normalised message types the core publishes. Adapters exchange only these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message (or one edit of it) as a channel delivered it."""

    channel: str
    chat_id: str
    message_id: str
    sent_at: datetime  # aware; stored as UTC
    text: str
    sender_id: str | None = None
    sender_name: str | None = None
    # 0 for the message as first sent; edits carry a larger number (e.g. Telegram's edit_date).
    edit_version: int = 0
    # Joins, leaves, pins and the like: journalled, then ignored.
    service: bool = False
    # Forwarded from elsewhere: journalled, but never counted for the person who forwarded
    # it (someone else's report would be counted twice, and for the wrong person).
    forwarded: bool = False
    chat_title: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)
    # Why the adapter knows this message is not for us (e.g. a command addressed to
    # another bot): journalled, then ignored with this reason, like a service message.
    ignored: str | None = None
    # (old id, new id) when this message tells that the chat got a new id (a Telegram
    # group that became a supergroup): the binding and the queued messages follow it.
    chat_move: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Outbound:
    """One message to send. The idempotency key makes it go out at most once."""

    channel: str
    chat_id: str
    text: str
    idempotency_key: str
    kind: str  # reply, digest, reminder, overdue, notice, ask_phone
    reply_to: str | None = None
    # Ask the member to share their phone number: each adapter shows it its own way
    # (Telegram a share-my-number button, others the text alone, which says what to type).
    # Stored as the outbox kind "ask_phone", a reply like any other.
    ask_phone: bool = False
