"""A Mocha adapter stand-in, written only against the public contract.

It imports nothing but `adapters.base` and `tracker.messages`, as a plugin from another
package would. Mocha (as made up here) signs each webhook with
`X-Mocha-Signature: sha256=<hex HMAC-SHA256 of the body with the webhook secret>`,
delivers `{"event": "message", "message": {...}}`, and takes replies at
`POST <api_base>/v1/messages` with `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.request
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from adapters.base import (
    AdapterBase,
    BadRequest,
    Capabilities,
    Context,
    Option,
    RetryLater,
    WebhookActive,
    header,
)
from tracker.messages import Inbound, Outbound


class MochaAdapter(AdapterBase):
    name: ClassVar[str] = "mocha"
    capabilities: ClassVar[Capabilities] = Capabilities(
        polling=False, webhooks=True, replies=True, edits=False, max_text_length=500
    )
    options: ClassVar[tuple[Option, ...]] = (
        Option("token", "the bot's API token", required=True, secret=True),
        Option("api_base", "Mocha's API address", required=True),
        Option("webhook_secret", "signs each webhook (HMAC-SHA256)", secret=True),
    )

    def __init__(self, token: str, api_base: str, webhook_secret: str, timeout: float) -> None:
        self._token = token
        self._api_base = api_base.rstrip("/")
        self._secret = webhook_secret
        self._timeout = timeout

    @classmethod
    def configure(cls, options: Mapping[str, str], context: Context) -> MochaAdapter:
        return cls(
            options.get("token", ""),
            options.get("api_base", ""),
            options.get("webhook_secret", ""),
            context.timeout,
        )

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        given = header(headers, "X-Mocha-Signature") or ""
        if not self._secret or not given.startswith("sha256="):
            return False
        expected = hmac.new(self._secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(given.removeprefix("sha256=").encode(), expected.encode())

    def parse_webhook(self, payload: Mapping[str, Any]) -> Sequence[Inbound]:
        message = payload.get("message")
        if payload.get("event") != "message" or not isinstance(message, dict):
            raise BadRequest("not a Mocha message event")
        for key in ("id", "chat", "from", "ts"):
            if key not in message:
                raise BadRequest(f"Mocha message without '{key}'")
        return [
            Inbound(
                channel=self.name,
                chat_id=str(message["chat"]),
                message_id=str(message["id"]),
                sent_at=datetime.fromtimestamp(int(message["ts"]), UTC),
                text=str(message.get("text") or ""),
                sender_id=str(message["from"]),
                sender_name=message.get("name"),
                raw=dict(payload),
            )
        ]

    def pull(
        self, cursor: str | None, *, wait: float = 0.0
    ) -> tuple[Sequence[Inbound], str | None]:
        raise WebhookActive("Mocha delivers only by webhook")

    def send(self, message: Outbound) -> str:
        body = {"chat": message.chat_id, "text": message.text, "reply_to": message.reply_to}
        request = urllib.request.Request(
            f"{self._api_base}/v1/messages",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self._token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                return str(json.load(answer).get("id", ""))
        except OSError as error:
            raise RetryLater(5.0, f"mocha: {error}") from None

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith("g-")

    def close(self) -> None:
        pass
