"""Sending through a Zalo Official Account (OA API v3, OAuth v4).

- A user: `POST {api}/v3.0/oa/message/cs`, to `recipient.message_id` when replying
  (which keeps the reply inside the message's window), else to `recipient.user_id`.
- A group (the group messaging framework, GMF, which the OA's package must include):
  `POST {api}/v3.0/oa/group/message` to `recipient.group_id`. Group chats are journalled
  as `group:<id>` (see `adapters.zalo_oa`), which is how they are told from users.
- Both carry the `access_token` header. Success is HTTP 200 with `error == 0`.
- The access token lives about an hour; the refresh token is single-use. On an
  invalid-token answer the adapter refreshes once (`POST {oauth}/v4/oa/access_token`)
  and retries once. The new pair is saved through the `TokenKeeper` before it is used,
  under a lock; a refresh already made by another thread is reused, not repeated.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

import httpx

from adapters.base import AuthFailed, BadRequest, Capabilities, ChatGone, RetryLater
from adapters.textsplit import split_text
from tracker.messages import Outbound

DEFAULT_API = "https://openapi.zalo.me"
DEFAULT_OAUTH = "https://oauth.zaloapp.com"
GROUP_PREFIX = "group:"
TOKEN_INVALID = frozenset({-216, -124})  # invalid, expired access token
OUTSIDE_WINDOW = frozenset({-213, -230})  # not a follower / no interaction lately
NOT_IN_PACKAGE = frozenset({-224, -240})  # OA package lacks the feature (e.g. GMF)
RATE_LIMITED = frozenset({-32})


class TokenKeeper(Protocol):
    def load(self) -> tuple[str, str]:
        """The current (access token, refresh token)."""
        ...

    def save(self, access: str, refresh: str) -> None:
        """Store a new pair durably (one transaction) before it is used."""
        ...


class ZaloOAAdapter:
    name: ClassVar[str] = "zalo_oa"
    capabilities: ClassVar[Capabilities] = Capabilities(
        polling=False,
        webhooks=True,
        replies=True,
        edits=False,
        max_text_length=2000,
        per_chat_interval=1.0,
        group_per_minute=20,
    )

    def __init__(
        self,
        tokens: TokenKeeper,
        app_id: str,
        secret_key: str,
        api_base: str = DEFAULT_API,
        oauth_base: str = DEFAULT_OAUTH,
        *,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._tokens = tokens
        self._app_id = app_id
        self._secret_key = secret_key
        self._api = (api_base or DEFAULT_API).rstrip("/")
        self._oauth = (oauth_base or DEFAULT_OAUTH).rstrip("/")
        self._client = httpx.Client(timeout=timeout)
        self._lock = threading.Lock()
        self._sleep = sleep

    def send(self, message: Outbound) -> str:
        """Send `message` (split at 2,000 characters); returns the first part's id.
        Raises AuthFailed, ChatGone (outside the window), BadRequest, RetryLater."""
        first = ""
        for number, part in enumerate(split_text(message.text, 2000, len)):
            path, recipient = self._recipient(message, reply=number == 0)
            sent = self._post(path, {"recipient": recipient, "message": {"text": part}})
            first = first or sent
        return first

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith(GROUP_PREFIX)

    def close(self) -> None:
        self._client.close()

    def _recipient(self, message: Outbound, *, reply: bool) -> tuple[str, dict[str, str]]:
        if self.is_group(message.chat_id):
            return "/v3.0/oa/group/message", {"group_id": message.chat_id[len(GROUP_PREFIX) :]}
        if reply and message.reply_to:
            return "/v3.0/oa/message/cs", {"message_id": message.reply_to}
        return "/v3.0/oa/message/cs", {"user_id": message.chat_id}

    def _post(self, path: str, payload: dict[str, Any]) -> str:
        access, _ = self._tokens.load()
        body = self._call(path, payload, access)
        if body.get("error") in TOKEN_INVALID:
            access = self._refresh(access)
            body = self._call(path, payload, access)
        code = int(body.get("error", -1))
        if code == 0:
            data = body.get("data")
            return str(data.get("message_id", "")) if isinstance(data, dict) else ""
        raise _error(code, str(body.get("message") or f"error {code}"))

    def _call(self, path: str, payload: dict[str, Any], access: str) -> dict[str, Any]:
        try:
            response = self._client.post(
                self._api + path, json=payload, headers={"access_token": access}
            )
        except httpx.TransportError as error:
            raise RetryLater(5.0, f"zalo oa: {type(error).__name__}") from None
        if response.status_code == 429 or response.status_code >= 500:
            raise RetryLater(5.0, f"zalo oa: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise RetryLater(5.0, "zalo oa: an answer that is not JSON") from None
        if response.status_code != 200 or not isinstance(body, dict):
            raise BadRequest(f"zalo oa: HTTP {response.status_code}")
        return body

    def _refresh(self, failed: str) -> str:
        """A working access token: the one another thread just got, or a new pair."""
        with self._lock:
            access, refresh = self._tokens.load()
            if access != failed:
                return access
            response = self._client.post(
                self._oauth + "/v4/oa/access_token",
                data={
                    "refresh_token": refresh,
                    "app_id": self._app_id,
                    "grant_type": "refresh_token",
                },
                headers={"secret_key": self._secret_key},
            )
            try:
                body = response.json()
            except ValueError:
                body = {}
            new_access, new_refresh = body.get("access_token"), body.get("refresh_token")
            if response.status_code != 200 or not new_access or not new_refresh:
                reason = body.get("error_description") or body.get("error") or response.status_code
                raise AuthFailed(f"zalo oa: the refresh token was refused ({reason})")
            self._tokens.save(str(new_access), str(new_refresh))
            return str(new_access)


def _error(code: int, description: str) -> Exception:
    text = f"zalo oa: {description} ({code})"
    if code in TOKEN_INVALID:
        return AuthFailed(text)
    if code in OUTSIDE_WINDOW:
        return ChatGone(text)
    if code in RATE_LIMITED:
        return RetryLater(60.0, text)
    if code in NOT_IN_PACKAGE:
        return BadRequest(text + "; the OA's package does not include this feature")
    return BadRequest(text)
