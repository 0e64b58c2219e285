"""What Telegram's Bot API and the Zalo Bot Platform have in common.

Both take `POST <base>/bot<TOKEN>/<method>` with a JSON body and answer
`{"ok": true, "result": ...}` or `{"ok": false, "error_code": ..., "description": ...}`,
and both mean the same by most error codes. Each adapter keeps what differs (throttling,
moved chats, "nothing came") in its own decoding and hands the rest to `refused`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from adapters.backoff import Backoff, Transient, call_with_retries, json_body
from adapters.base import (
    AuthFailed,
    BadRequest,
    ChatGone,
    PollConflict,
    Sleep,
    WebhookActive,
    redact,
)
from adapters.jsonhttp import JsonHttp
from tracker.errors import UserError

# How long a poller waits when another process polls the same bot (409 Conflict).
CONFLICT_DELAY = 30.0

# Turns an answer (status, JSON object) into the method's result or a typed error.
Decode = Callable[[int, dict[str, Any]], Any]


class BotApi:
    def __init__(
        self,
        platform: str,
        token: str,
        api_base: str,
        *,
        sleep: Sleep,
        backoff: Backoff,
        timeout: float,
    ) -> None:
        if urlsplit(api_base).scheme not in ("http", "https") or not urlsplit(api_base).hostname:
            raise UserError(
                f"TRACKER_{platform.upper()}_API_BASE ([{platform}] api_base): "
                f"'{api_base}' is not an http:// or https:// address"
            )
        self.platform = platform
        self.backoff = backoff
        self._token = token
        self._sleep = sleep
        self._http = JsonHttp(f"{api_base.rstrip('/')}/bot{token}", timeout=timeout)

    def call(
        self,
        method: str,
        payload: dict[str, Any],
        decode: Decode,
        read_timeout: float = 0.0,
        *,
        resend: bool = True,
        backoff: Backoff | None = None,
    ) -> Any:
        """Call `method`, retrying transient failures with back-off (see adapters.backoff);
        `resend=False` for a call that must not take effect twice (a read timeout then
        raises OutcomeUnknown instead of trying again). Both APIs' `send…` methods post
        in a chat, so they are never repeated after a read timeout, whatever the caller
        says."""
        resend = resend and not method.startswith("send")
        return call_with_retries(
            lambda: self._http.post(method, payload, read_timeout=read_timeout),
            lambda status, data: decode(status, json_body(status, data)),
            backoff=backoff or self.backoff,
            sleep=self._sleep,
            secrets=(self._token,),
            what=f"{self.platform} {method}",
            resend=resend,
        )

    def error(self, status: int, body: dict[str, Any]) -> tuple[int, str]:
        """A refusal's code and its description, with the token never in it."""
        code = int(body.get("error_code") or status)
        description = str(body.get("description") or f"HTTP {code}")
        return code, redact(description, (self._token,))

    def refused(self, code: int, description: str) -> Exception:
        """The typed error for a refusal both platforms mean the same by."""
        if code in (401, 404):
            return AuthFailed(f"{self.platform} refused the bot token ({code} {description})")
        if code == 403:
            return ChatGone(description)
        if code == 409:
            # Two different conflicts share the code: a webhook is set ("can't use
            # getUpdates method while webhook is active"), or another process polls with
            # the same token ("terminated by other getUpdates request").
            if "webhook" in description.lower():
                return WebhookActive(description)
            return PollConflict(
                CONFLICT_DELAY, f"another process is polling this bot ({code} {description})"
            )
        if code >= 500:
            return Transient(f"HTTP {code}: {description}")
        return BadRequest(description)

    def close(self) -> None:
        self._http.close()
