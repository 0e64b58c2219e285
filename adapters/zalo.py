"""Zalo Bot Platform over httpx: one event per getUpdates call, sendMessage, webhooks.

The platform hands out each event once and forgets it (at-most-once delivery), so
`pull` returns at most one message and the sync loop stores it before asking again.
"Nothing came" is `error_code` 408. Events arrive either wrapped in
`{"ok": true, "result": {...}}` or at the top level; both are accepted. Ids are
strings and `date` is in milliseconds. Group chats (`chat.chat_type` = `GROUP`) are
still being rolled out by Zalo; they are handled like private chats.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from adapters.backoff import Backoff
from adapters.base import (
    LAST_UNIX_TIME,
    AdapterBase,
    BadRequest,
    Capabilities,
    Context,
    Option,
    RetryLater,
    Sleep,
)
from adapters.botapi import BotApi
from adapters.textsplit import split_text
from tracker.messages import Inbound, Outbound

DEFAULT_API = "https://bot-api.zaloplatforms.com"
NOTHING = 408
_USER_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


class ZaloAdapter(AdapterBase):
    name: ClassVar[str] = "zalo"
    options: ClassVar[tuple[Option, ...]] = (
        Option("token", "the bot token from the Zalo Bot Platform", required=True, secret=True),
        Option("api_base", "the Bot Platform's address", default=DEFAULT_API),
        Option("webhook_secret", "X-Bot-Api-Secret-Token for `tracker serve`", secret=True),
    )
    webhook_paths: ClassVar[tuple[str, ...]] = ("/zalo/bot",)
    webhook_header: ClassVar[str] = "X-Bot-Api-Secret-Token"
    capabilities: ClassVar[Capabilities] = Capabilities(
        polling=True,
        webhooks=True,
        replies=False,
        edits=False,
        max_text_length=2000,
        per_chat_interval=1.0,
        group_per_minute=None,
        one_event_per_pull=True,
        text_unit="character",  # "2.000 ký tự" in Zalo's documentation
    )

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API,
        *,
        sleep: Sleep = time.sleep,
        backoff: Backoff | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._api = BotApi(
            "zalo",
            token,
            api_base or DEFAULT_API,
            sleep=sleep,
            backoff=backoff or Backoff(),
            timeout=timeout,
        )
        self._timeout = timeout
        self._throttled = 0  # consecutive 429s: Zalo gives no retry_after
        self._groups: set[str] = set()

    @classmethod
    def configure(cls, options: Mapping[str, str], context: Context) -> ZaloAdapter:
        adapter = cls(
            options.get("token", ""),
            options.get("api_base") or DEFAULT_API,
            sleep=context.sleep,
            timeout=context.timeout,
            **context.extra,  # type: ignore[arg-type]
        )
        adapter.webhook_secret = options.get("webhook_secret", "")
        return adapter

    @staticmethod
    def valid_user_id(user_id: str) -> bool:
        return bool(_USER_ID.match(user_id))

    def pull(
        self, cursor: str | None, *, wait: float = 0.0
    ) -> tuple[Sequence[Inbound], str | None]:
        for _ in range(100):  # events that carry no message are skipped, not stored
            result = self._call("getUpdates", {"timeout": str(int(wait))}, self._timeout + wait)
            if result is None:
                break
            events = result if isinstance(result, list) else [result]
            # A malformed event is passed over: it is gone from the platform anyway.
            wellformed = (e for e in events if isinstance(e, dict) and _malformed(e) is None)
            messages = [m for m in (self._inbound(e) for e in wellformed) if m is not None]
            if messages:
                return messages, messages[-1].message_id
        return [], cursor

    def parse_webhook(self, payload: Mapping[str, Any]) -> Sequence[Inbound]:
        event = payload.get("result") if "result" in payload else payload
        # Documented samples carry a message without `event_name`: a message all the same.
        if not isinstance(event, dict) or ("event_name" not in event and "message" not in event):
            raise BadRequest("not a Zalo Bot event: no event_name and no message")
        problem = _malformed(event)
        if problem is not None:
            raise BadRequest(f"Zalo Bot event: {problem}")
        message = self._inbound(event)
        return [message] if message is not None else []

    def _inbound(self, event: Mapping[str, Any]) -> Inbound | None:
        message = event.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return None
        chat = message["chat"]
        sender = message.get("from") or {}
        if str(chat.get("chat_type", "")).upper() == "GROUP":
            self._groups.add(str(chat["id"]))
        # No `event_name` (documented samples) is a message; a named event is one only if
        # its name says so (`message.text.received`...).
        event_name = str(event.get("event_name") or "message.")
        return Inbound(
            channel=self.name,
            chat_id=str(chat["id"]),
            message_id=str(message["message_id"]),
            sent_at=datetime.fromtimestamp(int(message.get("date", 0)) / 1000, UTC),
            text=str(message.get("text") or message.get("caption") or ""),
            sender_id=str(sender["id"]) if "id" in sender else None,
            sender_name=_sender_name(sender),
            service=not event_name.startswith("message."),
            chat_title=chat.get("title") or chat.get("name"),
            raw=dict(event),
        )

    def send(self, message: Outbound) -> str:
        first: str | None = None
        for part in split_text(message.text, self.capabilities.max_text_length, len):
            result = self._call("sendMessage", {"chat_id": message.chat_id, "text": part})
            sent = str(result.get("message_id", "")) if isinstance(result, dict) else ""
            first = first if first is not None else sent
        return first or ""

    def is_group(self, chat_id: str) -> bool:
        return chat_id in self._groups

    def close(self) -> None:
        self._api.close()

    def _call(self, method: str, payload: dict[str, Any], read_timeout: float = 0) -> Any:
        return self._api.call(method, payload, self._decode, read_timeout)

    def _decode(self, status: int, body: dict[str, Any]) -> Any:
        if body.get("ok") is True or (
            "ok" not in body and ("event_name" in body or "message" in body)
        ):
            self._throttled = 0
            return body.get("result") if "result" in body else body
        code, description = self._api.error(status, body)
        if code == NOTHING:
            return None
        if code == 429:
            self._throttled += 1
            raise RetryLater(self._api.backoff.delay(self._throttled - 1), description)
        raise self._api.refused(code, description)


def _malformed(event: Mapping[str, Any]) -> str | None:
    """What makes an event's message unreadable, or None (also for an event that carries
    no message, which is simply not ours to read)."""
    message = event.get("message")
    if message is None:
        return None
    if not isinstance(message, dict):
        return "'message' is not an object"
    chat = message.get("chat")
    if not isinstance(chat, dict) or not _is_id(chat.get("id")):
        return "'message' has no chat id"
    if not _is_id(message.get("message_id")):
        return "'message' has no message_id"
    date = message.get("date", 0)
    if isinstance(date, bool) or not (isinstance(date, int) or str(date).isdigit()):
        return "'message.date' is not a time in milliseconds"
    if not 0 <= int(date) <= LAST_UNIX_TIME * 1000:  # past the year 9999: unreadable
        return "'message.date' is not a time in milliseconds"
    sender = message.get("from")
    if sender is not None and not isinstance(sender, dict):
        return "'message.from' is not an object"
    return None


def _is_id(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(value.strip()))


def _sender_name(sender: Mapping[str, Any]) -> str | None:
    """Zalo has written the name as `display_name`, `name` or `first_name` (+ `last_name`)."""
    for key in ("display_name", "name"):
        if isinstance(sender.get(key), str) and sender[key].strip():
            return str(sender[key]).strip()
    parts = [sender.get(k) for k in ("first_name", "last_name")]
    name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return name or None
