"""The contract every messaging adapter keeps, its capability flags and its typed errors.

An adapter turns one platform's API into the core's normalised types
(`tracker.messages.Inbound` and `Outbound`) and nothing else: it never touches the
store. `tracker sync` journals what `pull` returns, together with the new cursor, in
one transaction; `tracker serve` journals what `parse_webhook` returns, once
`verify_webhook` has accepted the request.

Everything that is special about one platform lives in its adapter: the options it
takes (`options`, read from `[channels.<name>]` or `TRACKER_CHANNELS__<NAME>__<OPTION>`),
how it checks a webhook's secret, how it spells a chat id, what a user id looks like,
its text limit and pacing (`capabilities`), which chats are groups and how a reply is
addressed. The core names no platform: it asks the adapter. `AdapterBase` gives the
optional parts a default, so that a plugin writes only what its platform needs.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

from adapters.textsplit import utf16_length
from tracker.messages import Inbound, Outbound

Sleep = Callable[[float], None]
# 9999-12-31 23:59:59 UTC, the last second Python's datetime holds: a platform's time
# past it is no time (reading it raises, OverflowError among others).
LAST_UNIX_TIME = 253_402_300_799
Clock = Callable[[], float]
# What a platform counts against its text limit: code points, or UTF-16 code units.
TextUnit = Literal["character", "utf16"]


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What an adapter can do; the sync loop and the docs read these flags."""

    polling: bool
    webhooks: bool
    replies: bool
    edits: bool
    max_text_length: int
    # Pacing the platform asks for: seconds between two messages to one chat, and
    # messages per minute to one group chat (None: no group limit).
    per_chat_interval: float = 1.0
    group_per_minute: int | None = None
    # True when a pull hands over at most one event and the platform forgets it at once,
    # so each event must be stored before the next pull (Zalo Bot Platform).
    one_event_per_pull: bool = False
    # What `max_text_length` counts. Telegram counts UTF-16 code units, so 😀 or 𝕏 is 2;
    # text cut by code points alone can come out too long and be split again on sending.
    text_unit: TextUnit = "character"

    def text_length(self, text: str) -> int:
        """`text`'s length as the platform counts it against `max_text_length`."""
        return utf16_length(text) if self.text_unit == "utf16" else len(text)


@dataclass(frozen=True, slots=True)
class Option:
    """One setting an adapter takes, as `[channels.<name>] <option>` or
    `TRACKER_CHANNELS__<NAME>__<OPTION>`. A setting the adapter does not list stops
    `tracker sync` and `tracker serve` with one line naming it."""

    name: str
    help: str = ""
    # Needed to pull and send: without it `tracker sync` leaves the channel out (and
    # says so); `tracker serve` may still take the channel's webhooks.
    required: bool = False
    # Never printed: logs and errors show `***` in its place.
    secret: bool = False
    default: str = ""


class TokenKeeper(Protocol):
    """A durable place in the store for one channel's OAuth token pair."""

    def load(self) -> tuple[str, str]:
        """The current (access token, refresh token). Raises LookupError when none."""
        ...

    def save(self, access: str, refresh: str, expires_in: float | None = None) -> None:
        """Store a new pair durably (one transaction) before it is used; `expires_in`
        is the access token's life in seconds, when the platform says it."""
        ...

    def stored(self) -> bool:
        """Whether a pair has been stored at all."""
        ...


Purpose = Literal["sync", "serve", "command"]


@dataclass(frozen=True)
class Context:
    """What the core hands an adapter besides its options."""

    purpose: Purpose = "sync"
    timeout: float = 10.0  # seconds to connect and to wait for most answers
    send_timeout: float = 30.0  # seconds to wait for the answer to a send
    sleep: Sleep = time.sleep
    # The channel's token pair in the store, for a platform whose tokens expire.
    tokens: Callable[[], TokenKeeper] | None = None
    # Test doubles and tuning the caller passed by name (a fake back-off...).
    extra: Mapping[str, object] = field(default_factory=dict)


class AdapterError(Exception):
    """Base of every adapter error. Messages never contain a token."""


class RetryLater(AdapterError):
    """The platform or the network asked us to wait `delay` seconds and try again."""

    def __init__(self, delay: float, reason: str = "") -> None:
        super().__init__(reason or f"retry in {delay:g} s")
        self.delay = delay


class Unreachable(RetryLater):
    """The platform could not be reached, timed out or answered only with server errors
    (5xx), after the adapter's own retries: the whole channel is down for now, not one
    chat. Nothing was delivered; the message may be sent again later."""


class PollConflict(RetryLater):
    """Another process polls this bot with the same token (Telegram 409 "terminated by
    other getUpdates request"): pulling waits `delay` seconds; sending is not affected."""


class OutcomeUnknown(AdapterError):
    """A send was written to the platform but no answer came within the read timeout:
    it may have been delivered. Sending it again risks a duplicate in the chat."""


class ChatGone(AdapterError):
    """The bot can no longer write to this chat (removed, blocked, chat deleted)."""


class ChatMoved(AdapterError):
    """The chat has a new id (a Telegram group became a supergroup); send there instead."""

    def __init__(self, new_chat_id: str, reason: str = "") -> None:
        super().__init__(reason or f"chat moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class BadRequest(AdapterError):
    """The platform refused this request as malformed; sending it again will not help."""


class AuthFailed(AdapterError):
    """The token was refused (revoked or mistyped). Nothing works until it is replaced."""


class WebhookActive(AdapterError):
    """Polling is refused because a webhook is set for this bot (use `tracker serve`)."""


class NotReady(AdapterError):
    """The channel is configured but cannot work yet (a token pair not stored, a
    required option missing): `tracker sync` goes on without it and says why."""


@runtime_checkable
class Adapter(Protocol):
    """One messaging platform.

    Implementations take `(token, api_base, *, sleep=..., clock=..., timeout=...)` in
    their constructor; `sleep` and `clock` are injectable so that tests never wait.
    """

    name: ClassVar[str]
    capabilities: ClassVar[Capabilities]
    # What it takes in `[channels.<name>]`; see `Option`.
    options: ClassVar[tuple[Option, ...]]
    # Older webhook paths `tracker serve` keeps besides `/hooks/<name>` (e.g. "/telegram").
    webhook_paths: ClassVar[tuple[str, ...]]

    @classmethod
    def configure(cls, options: Mapping[str, str], context: Context) -> Adapter:
        """The adapter built from its options (all listed in `options`, as text) and what
        the core hands it. Raises NotReady when it cannot work yet, ValueError for an
        option it cannot use (the message names it)."""
        ...

    def pull(
        self, cursor: str | None, *, wait: float = 0.0
    ) -> tuple[Sequence[Inbound], str | None]:
        """Fetch what came in after `cursor`, waiting up to `wait` seconds for something.

        Returns the messages and the cursor to save with them (in the same
        transaction). An empty sequence with an unchanged cursor means nothing came.
        Raises RetryLater, AuthFailed, WebhookActive.
        """
        ...

    def send(self, message: Outbound) -> str:
        """Send one message (split when too long), as a reply when `reply_to` is set.

        Returns the platform's id of the (first) message sent.
        Raises RetryLater, ChatGone, ChatMoved, BadRequest, AuthFailed.
        """
        ...

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        """Whether a webhook request really comes from the platform: its secret header
        or signature, checked with the adapter's own options. False refuses it (403)
        before anything is read; no secret configured refuses everything."""
        ...

    def parse_webhook(self, payload: Mapping[str, Any]) -> Sequence[Inbound]:
        """The messages in one webhook delivery; an empty sequence for anything else.

        Raises BadRequest when the payload is not this platform's shape at all (400).
        """
        ...

    def is_group(self, chat_id: str) -> bool:
        """Whether `chat_id` names a group (group pacing applies, and a member is never
        asked for a phone number there)."""
        ...

    @staticmethod
    def canonical_chat_id(chat_id: str, *, group: bool) -> str:
        """The spelling of a chat id that is stored and sent to; `group` says that the
        chat is bound to a unit or a team (never a one-to-one chat)."""
        ...

    @staticmethod
    def chat_id_spellings(chat_id: str) -> tuple[str, ...]:
        """Every spelling that names the same chat, `chat_id` first (an export's id
        and the API's, say), so that any of them finds the bound chat."""
        ...

    @staticmethod
    def valid_user_id(user_id: str) -> bool:
        """Whether `user_id` can be a user's id on this platform (`<name>_id` columns
        of `tracker import members`, the member form)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class AdapterBase:
    """Defaults for the optional parts of the contract: subclass it and write only what
    your platform needs. Without it, the core falls back on these same defaults."""

    options: ClassVar[tuple[Option, ...]] = ()
    webhook_paths: ClassVar[tuple[str, ...]] = ()
    # The header a webhook request carries its secret in, compared with the adapter's
    # `webhook_secret` attribute; a platform that signs its webhooks another way
    # overrides `verify_webhook`.
    webhook_header: ClassVar[str] = ""
    webhook_secret: str = ""

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        return same_secret(self.webhook_secret, headers, self.webhook_header)

    def is_group(self, chat_id: str) -> bool:
        return False

    @staticmethod
    def canonical_chat_id(chat_id: str, *, group: bool) -> str:
        return chat_id.strip()

    @staticmethod
    def chat_id_spellings(chat_id: str) -> tuple[str, ...]:
        return (chat_id,)

    @staticmethod
    def valid_user_id(user_id: str) -> bool:
        # One printable word that fits the column.
        return 0 < len(user_id) <= 64 and not any(c.isspace() for c in user_id)


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A request header by name, whatever its case."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def same_secret(secret: str, headers: Mapping[str, str], name: str) -> bool:
    """Whether header `name` carries `secret` (compared in constant time); never when
    no secret is configured."""
    given = header(headers, name) if name else None
    if not secret or given is None:
        return False
    return hmac.compare_digest(given.encode(), secret.encode())


@runtime_checkable
class WebhookControl(Protocol):
    """Optional: an adapter whose platform keeps a webhook URL that turns polling off."""

    def set_webhook(self, url: str, secret_token: str) -> None:
        """Have the platform POST updates to `url`, signed with `secret_token`.

        Polling then raises WebhookActive. Raises AuthFailed, BadRequest.
        """
        ...

    def delete_webhook(self) -> None:
        """Remove the webhook, so that polling works again. Raises AuthFailed."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret replaced by `***` (tokens sit in Bot API URL paths)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
