"""Telegram Bot API over httpx: getUpdates long polling, sendMessage, webhook updates.

Only `message` and `edited_message` updates are asked for. A shared `contact` becomes
the registration it stands for (`/dangky PHONE`) when it is the sender's own number, and
a forward (which links nothing) when it is someone else's; an outbound message that asks
for the phone carries the share-my-number button. An edit becomes a new
version of the same message (`edit_version` = the edit's `edit_date`), so that the core
can replace what the earlier version said. The offset is handed back as the cursor: the
sync loop saves it with the journal rows, and the next getUpdates call with it is what
tells Telegram those updates were received.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from adapters.backoff import Backoff
from adapters.base import (
    LAST_UNIX_TIME,
    AdapterBase,
    AdapterError,
    BadRequest,
    Capabilities,
    ChatGone,
    ChatMoved,
    Context,
    Option,
    RetryLater,
    Sleep,
)
from adapters.botapi import BotApi
from adapters.textsplit import split_text, utf16_length
from tracker.messages import Inbound, Outbound

log = logging.getLogger("adapters.telegram")

DEFAULT_API = "https://api.telegram.org"
# Telegram may take long to answer a send (11 s seen under load); giving up earlier
# would leave a delivered message looking unsent. See `send`.
SEND_TIMEOUT = 30.0
# A command addressed to one bot: `/bc@cncd_bot`. Telegram usernames: 5-32 of [A-Za-z0-9_].
_ADDRESSED_COMMAND = re.compile(r"(?<![^\s])/\w+@(?P<bot>[A-Za-z0-9_]+)")
ALLOWED_UPDATES = ["message", "edited_message"]
# Keys of a Message that make it a service message (joins, pins, migrations...).
_SERVICE_KEYS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "new_chat_photo",
        "delete_chat_photo",
        "group_chat_created",
        "supergroup_chat_created",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "pinned_message",
    }
)

# Keys that make a Message a forward: `forward_origin` since Bot API 7.0, the others
# before (and still seen from older servers and in captured updates).
_FORWARD_KEYS = frozenset(
    {"forward_origin", "forward_from", "forward_from_chat", "forward_sender_name", "forward_date"}
)


# The button that shares the user's own number (`request_contact`, private chats only);
# what comes back is a `contact`.
ASK_PHONE_BUTTON = "📱 Chia sẻ số điện thoại / Share my phone number"


def _contact_text(message: Mapping[str, Any]) -> tuple[str, bool] | None:
    """A shared contact as the neutral registration it stands for, and whether it is
    someone else's (then it is passed on like a forward: it links nothing).

    A contact is the sender's own only when `contact.user_id` is the sender's id: that
    is what the share-my-number button sends; a contact card picked from the address
    book carries another user id or none."""
    contact = message.get("contact")
    if not isinstance(contact, dict):
        return None
    sender = message.get("from") or {}
    own = "user_id" in contact and str(contact["user_id"]) == str(sender.get("id", ""))
    if not own:
        return "/dangky", True
    return f"/dangky {contact.get('phone_number') or ''}".strip(), False


def _malformed(update: Mapping[str, Any]) -> str | None:
    """What makes an update's message unreadable, or None (also for an update without
    a message, which is simply not ours to read)."""
    key = "edited_message" if "edited_message" in update else "message"
    message = update.get(key)
    if message is None:
        return None
    if not isinstance(message, dict):
        return f"'{key}' is not an object"
    chat = message.get("chat")
    if not isinstance(chat, dict) or not _is_id(chat.get("id")):
        return f"'{key}' has no chat id"
    if not _is_id(message.get("message_id")):
        return f"'{key}' has no message_id"
    if "date" in message and not _is_unix_time(message["date"]):
        return f"'{key}.date' is not a unix time"
    if key == "edited_message" and not _is_unix_time(message.get("edit_date", 1) or 1):
        return f"'{key}.edit_date' is not a unix time"
    sender = message.get("from")
    if sender is not None and (not isinstance(sender, dict) or not _is_id(sender.get("id"))):
        return f"'{key}.from' has no id"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_unix_time(value: object) -> bool:
    # A number past the year 9999 is no time: reading it would raise (OverflowError
    # among others), a 500 for a webhook and a pull that fails again and again.
    return _is_int(value) and 0 <= value <= LAST_UNIX_TIME  # type: ignore[operator]


def _is_id(value: object) -> bool:
    return _is_int(value) or (isinstance(value, str) and bool(value.strip()))


def _canonical_chat_id(chat_id: str, *, group: bool) -> str:
    """The Bot API's spelling of a chat id, the one stored and sent to.

    `-100<id>` (supergroups, channels), `-<id>` (basic groups) and `@name` are the Bot
    API's own and stay. A bare positive id is ambiguous: to the Bot API it is a private
    chat with that user, but Telegram Desktop exports and `t.me/c/<id>` links name a
    supergroup or channel by it (`1871203344` for `-1001871203344`). So the context
    decides: for a group (a chat bound to a unit or a team, an export whose type is a
    supergroup or channel) it is `-100<id>`; otherwise it stays, a user's chat.
    """
    chat_id = chat_id.strip()
    if group and chat_id.isdigit() and chat_id != "0":
        return f"-100{chat_id}"
    return chat_id


def _chat_id_spellings(chat_id: str) -> tuple[str, ...]:
    """Both spellings of a supergroup's id: the Bot API's -1001871203344 and the bare
    1871203344 of Desktop exports and `t.me/c/` links (stores written before ids were
    stored canonically may hold the bare one)."""
    if chat_id.startswith("-100") and chat_id[4:].isdigit():
        return (chat_id, chat_id[4:])
    if chat_id.isdigit():
        return (chat_id, f"-100{chat_id}")
    return (chat_id,)


_USER_ID = re.compile(r"^\d{1,20}$")  # Telegram user ids are numbers


class TelegramAdapter(AdapterBase):
    name: ClassVar[str] = "telegram"
    options: ClassVar[tuple[Option, ...]] = (
        Option("token", "the bot token from BotFather", required=True, secret=True),
        Option("api_base", "the Bot API's address", default=DEFAULT_API),
        Option(
            "webhook_secret", "X-Telegram-Bot-Api-Secret-Token for `tracker serve`", secret=True
        ),
    )
    webhook_paths: ClassVar[tuple[str, ...]] = ("/telegram",)
    webhook_header: ClassVar[str] = "X-Telegram-Bot-Api-Secret-Token"
    canonical_chat_id = staticmethod(_canonical_chat_id)
    chat_id_spellings = staticmethod(_chat_id_spellings)
    capabilities: ClassVar[Capabilities] = Capabilities(
        polling=True,
        webhooks=True,
        replies=True,
        edits=True,
        max_text_length=4096,
        per_chat_interval=1.0,
        group_per_minute=20,
        text_unit="utf16",
    )

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API,
        *,
        sleep: Sleep = time.sleep,
        backoff: Backoff | None = None,
        timeout: float = 10.0,
        send_timeout: float = SEND_TIMEOUT,
        batch: int = 100,
        username: str | None = None,
    ) -> None:
        self._api = BotApi(
            "telegram",
            token,
            api_base or DEFAULT_API,
            sleep=sleep,
            backoff=backoff or Backoff(),
            timeout=timeout,
        )
        self._has_token = bool(token)
        self._timeout = timeout
        self._send_timeout = max(send_timeout, timeout)
        self._batch = batch
        # The bot's own @username (getMe), learnt when a command names a bot, then kept.
        self._username = username.lstrip("@").lower() if username else None

    @classmethod
    def configure(cls, options: Mapping[str, str], context: Context) -> TelegramAdapter:
        adapter = cls(
            options.get("token", ""),
            options.get("api_base") or DEFAULT_API,
            sleep=context.sleep,
            timeout=context.timeout,
            send_timeout=context.send_timeout,
            **context.extra,  # type: ignore[arg-type]
        )
        adapter.webhook_secret = options.get("webhook_secret", "")
        return adapter

    @staticmethod
    def valid_user_id(user_id: str) -> bool:
        return bool(_USER_ID.match(user_id))

    # -- receiving ---------------------------------------------------------------------

    def pull(
        self, cursor: str | None, *, wait: float = 0.0
    ) -> tuple[Sequence[Inbound], str | None]:
        payload: dict[str, Any] = {
            "timeout": int(wait),
            "allowed_updates": ALLOWED_UPDATES,
            "limit": self._batch,
        }
        if cursor is not None:
            payload["offset"] = int(cursor)
        updates = self._call("getUpdates", payload, read_timeout=self._timeout + wait)
        if not isinstance(updates, list):
            raise RetryLater(self._api.backoff.delay(0), "getUpdates answered with no list")
        # A malformed update is passed over: stopping on it would stop polling for good.
        # If getMe fails the pull fails too, and the updates come again.
        wellformed = (u for u in updates if isinstance(u, dict) and _malformed(u) is None)
        messages = [m for m in (self._inbound(u, strict=True) for u in wellformed) if m is not None]
        ids = [u["update_id"] for u in updates if isinstance(u.get("update_id"), int)]
        return messages, (str(max(ids) + 1) if ids else cursor)

    def parse_webhook(self, payload: Mapping[str, Any]) -> Sequence[Inbound]:
        if not isinstance(payload.get("update_id"), int):
            raise BadRequest("not a Telegram update: no update_id")
        problem = _malformed(payload)
        if problem is not None:
            raise BadRequest(f"update {payload['update_id']}: {problem}")
        message = self._inbound(payload)
        return [message] if message is not None else []

    def _inbound(self, update: Mapping[str, Any], *, strict: bool = False) -> Inbound | None:
        edited = "edited_message" in update
        message = update.get("edited_message") if edited else update.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return None
        sender = message.get("from") or {}
        name = " ".join(str(sender[k]) for k in ("first_name", "last_name") if sender.get(k))
        contact = _contact_text(message)
        text = str(message.get("text") or message.get("caption") or "")
        return Inbound(
            channel=self.name,
            chat_id=str(message["chat"]["id"]),
            message_id=str(message["message_id"]),
            sent_at=datetime.fromtimestamp(int(message.get("date", 0)), UTC),
            text=contact[0] if contact else text,
            sender_id=str(sender["id"]) if "id" in sender else None,
            sender_name=name or sender.get("username"),
            edit_version=int(message.get("edit_date") or 1) if edited else 0,
            service=bool(_SERVICE_KEYS & message.keys()),
            forwarded=bool(_FORWARD_KEYS & message.keys()) or bool(contact and contact[1]),
            chat_title=message["chat"].get("title"),
            raw=dict(update),
            ignored=None if contact else self._for_another_bot(text, strict=strict),
            chat_move=_chat_move(message),
        )

    def _for_another_bot(self, text: str, *, strict: bool) -> str | None:
        """Why the message is not ours when its commands all name another bot
        (`/bc@another_bot`): it is chat in the group, not a report to us."""
        named = {m["bot"].lower() for m in _ADDRESSED_COMMAND.finditer(text)}
        if not named:
            return None
        own = self.username(strict=strict)
        if own is None or own in named:
            return None
        return f"a command addressed to another bot (@{sorted(named)[0]})"

    def username(self, *, strict: bool = True) -> str | None:
        """The bot's own username, lower case, from getMe (asked once per process).

        Without `strict`, a failing getMe gives None (the command is taken as ours, as
        a webhook must answer now); with it, the error is raised.
        """
        if self._username is None and self._has_token:  # no token: no bot to ask about
            try:
                # A webhook's answer cannot wait for back-off: one try there.
                once = None if strict else Backoff(attempts=1)
                me = self._api.call("getMe", {}, self._decode, backoff=once)
            except AdapterError as error:
                if strict:
                    raise
                log.warning("telegram: getMe failed (%s); a /command@bot is taken as ours", error)
                return None
            if isinstance(me, dict) and me.get("username"):
                self._username = str(me["username"]).lower()
        return self._username

    # -- sending -----------------------------------------------------------------------

    def send(self, message: Outbound) -> str:
        first: str | None = None
        for part in split_text(message.text, self.capabilities.max_text_length, utf16_length):
            payload: dict[str, Any] = {
                "chat_id": _chat_id(message.chat_id),
                "text": html.escape(part, quote=False),
                "parse_mode": "HTML",
            }
            if message.reply_to and first is None and message.reply_to.isdigit():
                payload["reply_parameters"] = {
                    "message_id": int(message.reply_to),
                    "allow_sending_without_reply": True,
                }
            if message.ask_phone and first is None and not self.is_group(message.chat_id):
                button = {"text": ASK_PHONE_BUTTON, "request_contact": True}
                payload["reply_markup"] = {
                    "keyboard": [[button]],
                    "one_time_keyboard": True,
                    "resize_keyboard": True,
                }
            try:
                result = self._send(payload)
            except BadRequest as error:
                if "can't parse entities" not in str(error):
                    raise
                # Once, as plain text: the text is kept, only its formatting is lost.
                del payload["parse_mode"]
                payload["text"] = part
                result = self._send(payload)
            sent = str(result.get("message_id", "")) if isinstance(result, dict) else ""
            first = first if first is not None else sent
        return first or ""

    def set_webhook(self, url: str, secret_token: str) -> None:
        """Have Telegram POST `message` and `edited_message` updates to `url`, with
        `secret_token` in X-Telegram-Bot-Api-Secret-Token. getUpdates then answers 409
        (WebhookActive) until `delete_webhook`. Raises AuthFailed, BadRequest."""
        payload = {"url": url, "secret_token": secret_token, "allowed_updates": ALLOWED_UPDATES}
        self._call("setWebhook", payload)

    def delete_webhook(self) -> None:
        """Remove the webhook, so that getUpdates works again; pending updates are kept.
        Raises AuthFailed."""
        self._call("deleteWebhook", {"drop_pending_updates": False})

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith("-")

    def close(self) -> None:
        self._api.close()

    # -- HTTP --------------------------------------------------------------------------

    def _call(self, method: str, payload: dict[str, Any], read_timeout: float = 0) -> Any:
        return self._api.call(method, payload, self._decode, read_timeout)

    def _send(self, payload: dict[str, Any]) -> Any:
        """sendMessage, never repeated once written: a read timeout raises OutcomeUnknown
        (the message may be in the chat already) rather than sending it again."""
        return self._api.call(
            "sendMessage", payload, self._decode, self._send_timeout, resend=False
        )

    def _decode(self, status: int, body: dict[str, Any]) -> Any:
        if body.get("ok") is True:
            return body.get("result")
        code, description = self._api.error(status, body)
        parameters = body.get("parameters") or {}
        if code == 429:
            raise RetryLater(float(parameters.get("retry_after") or 1), description)
        error = self._api.refused(code, description)
        if isinstance(error, BadRequest):  # two refusals that say more than "bad request"
            if "migrate_to_chat_id" in parameters:
                raise ChatMoved(str(parameters["migrate_to_chat_id"]), description)
            if "chat not found" in description.lower():
                raise ChatGone(description)
        raise error


def _chat_move(message: Mapping[str, Any]) -> tuple[str, str] | None:
    """(old id, new id) from either announcement of a group's move to a supergroup:
    `migrate_to_chat_id` in the old group, `migrate_from_chat_id` in the new one."""
    here = str(message["chat"]["id"])
    if isinstance(message.get("migrate_to_chat_id"), int):
        return here, str(message["migrate_to_chat_id"])
    if isinstance(message.get("migrate_from_chat_id"), int):
        return str(message["migrate_from_chat_id"]), here
    return None


def _chat_id(chat_id: str) -> int | str:
    """Numeric ids go as numbers, @channel names as they are."""
    return int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id
