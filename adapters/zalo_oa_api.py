"""Sending through a Zalo Official Account (OA API v3, OAuth v4).

- A user: `POST {api}/v3.0/oa/message/cs`, to `recipient.message_id` when replying
  (every part of it: a response inside the message's window), else to
  `recipient.user_id` (a digest or reminder: what Zalo counts as a proactive message).
- A group (the group messaging framework, GMF, which the OA's package must include):
  `POST {api}/v3.0/oa/group/message` to `recipient.group_id`. Group chats are journalled
  as `group:<id>` (see `adapters.zalo_oa`), which is how they are told from users.
- Both carry the `access_token` header. Success is HTTP 200 with `error == 0`.
- The access token lives 25 hours (`expires_in` 90000), the refresh token three months
  and only once. On an invalid-token answer the adapter refreshes once
  (`POST {oauth}/v4/oa/access_token`, signed with the *app's* secret key, which is not
  the OA secret key that signs webhooks) and retries once. The new pair is saved
  through the `TokenKeeper` before it is used, under a lock; a refresh already made by
  another thread is reused, not repeated.
- Nothing is pulled: an OA's messages come only by webhook (`tracker serve`, /zalo/oa).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Protocol

import httpx

from adapters.base import (
    AdapterBase,
    AuthFailed,
    BadRequest,
    Capabilities,
    ChatGone,
    Context,
    NotReady,
    Option,
    RetryLater,
    WebhookActive,
    header,
)
from adapters.textsplit import split_text
from adapters.zalo_oa import parse_event, verify
from tracker.messages import Inbound, Outbound

DEFAULT_API = "https://openapi.zalo.me"
DEFAULT_OAUTH = "https://oauth.zaloapp.com"
GROUP_PREFIX = "group:"

# OA API error codes. Zalo's own table is developers.zalo.me/docs/official-account/phu-luc/ma-loi,
# which could not be fetched from here, so these are NOT checked against Zalo itself. They
# agree, where they overlap, across independent copies of that table found by search:
# hoangnd25/monorepo wip/zalo-platform-integration.md (the fullest: -220, -237, -244, -403),
# a Python zalo_sdk `ZaloOAException` table, and subiz/subiz.com's "Xử lý lỗi trên Zalo OA"
# (-230). One project (khoicodedao/Poto_platform) calls -216 "quota" and -124 "token
# expired"; the others outvote it, and -124 is ZNS's "access token invalid", not an OA code.
TOKEN_INVALID = frozenset({-216, -220})  # access token invalid / expired or removed
APP_DISABLED = frozenset({-219})  # the app was removed or disabled: nothing will work
# The recipient cannot be written to: not a follower (-213), outside the 7-day window (-230),
# never interacted or the interaction expired (-232), banned or offline 45 days (-227),
# refuses this message type (-244); a group that is disabled (-237) or without the OA (-403).
UNREACHABLE = frozenset({-213, -227, -230, -232, -244, -237, -403})
RATE_LIMITED = frozenset({-32})  # requests per minute
OUT_OF_QUOTA = frozenset({-211, -218})  # the OA's quota, or this user's, is used up
# The OA lacks the package (-224, e.g. group messaging), verification (-221) or the
# permission (-223 not authorised, -212 not registered, -209 not supported) for this call.
NOT_ALLOWED = frozenset({-224, -221, -223, -212, -209})
QUOTA_DELAY = 3600.0


class TokenKeeper(Protocol):
    def load(self) -> tuple[str, str]:
        """The current (access token, refresh token)."""
        ...

    def save(self, access: str, refresh: str, expires_in: float | None = None) -> None:
        """Store a new pair durably (one transaction) before it is used; `expires_in`
        is the access token's life in seconds, when Zalo says it."""
        ...


class _NoTokens:
    """`tracker serve` only checks and reads webhooks: it never sends, so it needs no
    token pair."""

    def load(self) -> tuple[str, str]:
        raise AuthFailed("zalo oa: no token pair here (only `tracker sync` sends)")

    def save(self, access: str, refresh: str, expires_in: float | None = None) -> None:
        raise AuthFailed("zalo oa: no token pair here (only `tracker sync` sends)")


class ZaloOAAdapter(AdapterBase):
    name: ClassVar[str] = "zalo_oa"
    options: ClassVar[tuple[Option, ...]] = (
        Option("app_id", "the Zalo app's id", required=True),
        Option("app_secret", "the app's secret key: refreshes tokens", required=True, secret=True),
        Option("secret_key", "the OA secret key: signs webhooks", secret=True),
        Option("api_base", "the OA API's address", default=DEFAULT_API),
        Option("oauth_base", "the OAuth server's address", default=DEFAULT_OAUTH),
    )
    webhook_paths: ClassVar[tuple[str, ...]] = ("/zalo/oa",)
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
        app_secret: str,
        api_base: str = DEFAULT_API,
        oauth_base: str = DEFAULT_OAUTH,
        *,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._tokens = tokens
        self._app_id = app_id
        self._app_secret = app_secret
        self._api = (api_base or DEFAULT_API).rstrip("/")
        self._oauth = (oauth_base or DEFAULT_OAUTH).rstrip("/")
        self._client = httpx.Client(timeout=timeout)
        self._lock = threading.Lock()
        self._sleep = sleep
        self.secret_key = ""  # the OA secret key, which signs webhooks

    @classmethod
    def configure(cls, options: Mapping[str, str], context: Context) -> ZaloOAAdapter:
        """The OA on the token pair stored in the store. For `tracker sync`, NotReady until
        `tracker channels zalo-oa set-token` has stored one."""
        tokens: TokenKeeper = _NoTokens()
        if context.purpose == "sync":
            if context.tokens is None:
                raise NotReady("the store is needed for the OA's tokens")
            keeper = context.tokens()
            if not keeper.stored():
                # The other channels go on; the OA's replies wait in the outbox meanwhile.
                raise NotReady(
                    "not sending: no OA token pair stored yet; run "
                    "`tracker channels zalo-oa set-token` once (see its --help)"
                )
            tokens = keeper
        adapter = cls(
            tokens,
            options.get("app_id", ""),
            options.get("app_secret", ""),
            options.get("api_base") or DEFAULT_API,
            options.get("oauth_base") or DEFAULT_OAUTH,
            timeout=context.timeout,
            sleep=context.sleep,
        )
        adapter.secret_key = options.get("secret_key", "")
        return adapter

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        """`X-ZEvent-Signature`: sha256 of app id + body + timestamp + OA secret key."""
        return verify(self._app_id, self.secret_key, body, header(headers, "X-ZEvent-Signature"))

    def send(self, message: Outbound) -> str:
        """Send `message` (split at 2,000 characters); returns the first part's id.
        Raises AuthFailed, ChatGone (outside the window), BadRequest, RetryLater."""
        first = ""
        path, recipient = self._recipient(message)
        for part in split_text(message.text, 2000, len):
            sent = self._post(path, {"recipient": recipient, "message": {"text": part}})
            first = first or sent
        return first

    def pull(
        self, cursor: str | None, *, wait: float = 0.0
    ) -> tuple[Sequence[Inbound], str | None]:
        """Never called (capabilities.polling is False): the OA API has no getUpdates."""
        raise WebhookActive("a Zalo OA delivers its messages only by webhook")

    def parse_webhook(self, payload: Mapping[str, Any]) -> Sequence[Inbound]:
        return parse_event(payload)

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith(GROUP_PREFIX)

    def close(self) -> None:
        self._client.close()

    def _recipient(self, message: Outbound) -> tuple[str, dict[str, str]]:
        if self.is_group(message.chat_id):
            return "/v3.0/oa/group/message", {"group_id": message.chat_id[len(GROUP_PREFIX) :]}
        # Every part of a reply names the follower's message: Zalo counts a message sent
        # to a bare user_id as a paid "proactive" one (tin chủ động), not a response.
        if message.reply_to:
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
                headers={"secret_key": self._app_secret},
            )
            try:
                body = response.json()
            except ValueError:
                body = {}
            new_access, new_refresh = body.get("access_token"), body.get("refresh_token")
            if response.status_code != 200 or not new_access or not new_refresh:
                reason = body.get("error_description") or body.get("error") or response.status_code
                raise AuthFailed(f"zalo oa: the refresh token was refused ({reason})")
            self._tokens.save(str(new_access), str(new_refresh), _seconds(body.get("expires_in")))
            return str(new_access)


def _seconds(value: object) -> float | None:
    """Zalo sends `expires_in` as a string ("90000")."""
    try:
        return float(str(value))
    except ValueError:
        return None


def _error(code: int, description: str) -> Exception:
    text = f"zalo oa: {description} ({code})"
    if code in TOKEN_INVALID or code in APP_DISABLED:
        return AuthFailed(text)
    if code in UNREACHABLE:
        return ChatGone(text)
    if code in RATE_LIMITED:
        return RetryLater(60.0, text)
    if code in OUT_OF_QUOTA:
        return RetryLater(QUOTA_DELAY, text + "; the message quota is used up")
    if code in NOT_ALLOWED:
        return BadRequest(
            text + "; the OA's package, verification or app permissions do not allow this"
        )
    return BadRequest(text)
