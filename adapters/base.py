"""The contract every messaging adapter keeps, its capability flags and its typed errors.

An adapter turns one platform's API into the core's normalised types
(`tracker.messages.Inbound` and `Outbound`) and nothing else: it never touches the
store. `tracker sync` journals what `pull` returns, together with the new cursor, in
one transaction; `tracker serve` journals what `parse_webhook` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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


@runtime_checkable
class Adapter(Protocol):
    """One messaging platform.

    Implementations take `(token, api_base, *, sleep=..., clock=..., timeout=...)` in
    their constructor; `sleep` and `clock` are injectable so that tests never wait.
    """

    name: ClassVar[str]
    capabilities: ClassVar[Capabilities]

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

    def parse_webhook(self, payload: Mapping[str, Any]) -> Sequence[Inbound]:
        """The messages in one webhook delivery; an empty sequence for anything else.

        Raises BadRequest when the payload is not this platform's shape at all.
        """
        ...

    def is_group(self, chat_id: str) -> bool:
        """Whether `chat_id` names a group (group pacing applies)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


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
