"""Zalo Official Account webhooks: checking their signature and reading their events.

An OA event is signed in the `X-ZEvent-Signature` header as
`mac=` + hex(sha256(app id + raw body + timestamp + OA secret key)), the timestamp
being the event's own `timestamp` field. A private message (`user_send_text`) comes
from a follower, whose id is the chat id; a group message (`user_send_group_text`,
through the group messaging framework) names the group in `recipient.id`, and its
chat id is `group:` + that id (how the sending adapter tells groups from users).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from adapters.base import LAST_UNIX_TIME, BadRequest
from tracker.messages import Inbound

CHANNEL = "zalo_oa"


def signature(app_id: str, body: bytes, timestamp: str, secret_key: str) -> str:
    material = app_id.encode() + body + timestamp.encode() + secret_key.encode()
    return hashlib.sha256(material).hexdigest()


def verify(app_id: str, secret_key: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is the right signature of `body` (with or without `mac=`)."""
    if not header or not app_id or not secret_key:
        return False
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        return False
    if not isinstance(payload, dict):
        return False
    expected = signature(app_id, body, str(payload.get("timestamp", "")), secret_key)
    given = header.strip().removeprefix("mac=")
    return hmac.compare_digest(given.encode(), expected.encode())


def parse_event(payload: Mapping[str, Any]) -> Sequence[Inbound]:
    """The message in one OA event; nothing for follows, reads and the like."""
    event_name = payload.get("event_name")
    if not isinstance(event_name, str):
        raise BadRequest("not a Zalo OA event: no event_name")
    message = payload.get("message")
    sender = payload.get("sender")
    if not event_name.startswith("user_send_") or not isinstance(message, dict):
        return []
    if not isinstance(sender, dict) or "id" not in sender:
        # A user's message from nobody: malformed, said so (dropping it would hide it).
        raise BadRequest(f"Zalo OA event {event_name}: no sender id")
    chat_id = str(sender["id"])
    if event_name.startswith("user_send_group_"):
        recipient = payload.get("recipient")
        if not isinstance(recipient, dict) or "id" not in recipient:
            raise BadRequest(f"Zalo OA event {event_name}: no recipient (group) id")
        chat_id = "group:" + str(recipient["id"])
    msg_id = message.get("msg_id")
    if not isinstance(msg_id, (str, int)) or isinstance(msg_id, bool) or not str(msg_id).strip():
        # Without it every such message would be one journal row: all but the first lost.
        raise BadRequest(f"Zalo OA event {event_name}: 'message' has no msg_id")
    return [
        Inbound(
            channel=CHANNEL,
            chat_id=chat_id,
            message_id=str(msg_id),
            sent_at=_sent_at(payload, event_name),
            text=str(message.get("text") or ""),
            sender_id=str(sender["id"]),
            raw=dict(payload),
        )
    ]


def _sent_at(payload: Mapping[str, Any], event_name: str) -> datetime:
    """`timestamp` in milliseconds: a number or a string of digits."""
    value = payload.get("timestamp", 0)
    try:
        milliseconds = int(value) if not isinstance(value, bool) else -1
    except (TypeError, ValueError):
        milliseconds = -1
    if not 0 <= milliseconds <= LAST_UNIX_TIME * 1000:  # past the year 9999: unreadable
        raise BadRequest(f"Zalo OA event {event_name}: 'timestamp' is not a time in milliseconds")
    return datetime.fromtimestamp(milliseconds / 1000, UTC)
