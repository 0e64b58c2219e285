"""A loopback Telegram Bot API: getUpdates with offsets, sendMessage with its checks.

Like the real one: an update stays deliverable until getUpdates is called with an
offset above its update_id; `allowed_updates` filters; sendMessage refuses HTML it
cannot parse ("can't parse entities") and text over 4,096 UTF-16 units after entity
parsing; chats can be made to answer 403 (bot kicked) or to have migrated to a
supergroup (400 with parameters.migrate_to_chat_id) or to be unknown (400 chat not found).
"""

from __future__ import annotations

import html
import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

from tests.adapters.loopback import Answer, LoopbackServer

_TAG = re.compile(r"</?(b|strong|i|em|u|ins|s|strike|del|code|pre|a|tg-spoiler|blockquote)\b[^>]*>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


@dataclass
class Sent:
    message_id: int
    chat_id: str
    text: str  # as shown to people, after entity parsing
    reply_to: int | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None = None


class FakeTelegram(LoopbackServer):
    def __init__(self, token: str = "123456:TEST-telegram-token", slow: float = 1.0) -> None:
        super().__init__(token, slow)
        self.updates: list[dict[str, Any]] = []
        self.confirmed_below = 0
        self.sent: list[Sent] = []
        self.kicked: set[str] = set()
        self.not_found: set[str] = set()  # chats that answer 400 "chat not found"
        self.migrated: dict[str, str] = {}
        self.webhook: dict[str, Any] | None = None  # setWebhook's payload while one is set
        self.max_wait = 0.5  # long polls here never wait longer than this
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(10_000)

    # -- test controls -----------------------------------------------------------------

    def post(
        self,
        chat_id: str,
        user_id: str,
        text: str,
        *,
        date: int = 1_795_000_000,
        name: str = "Nguyễn Văn An",
        title: str = "CNCĐ nhóm",
        message_id: int | None = None,
        edit_date: int | None = None,
        contact: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A message (or, with `edit_date`, an edit of `message_id`) from a group member;
        in a private chat when `chat_id` is the user's id; a shared `contact` instead of
        text when given."""
        first, _, last = name.partition(" ")
        chat: dict[str, Any] = {"id": int(chat_id), "title": title, "type": "supergroup"}
        if chat_id == user_id:
            chat = {"id": int(chat_id), "first_name": first, "type": "private"}
        message: dict[str, Any] = {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "from": {"id": int(user_id), "is_bot": False, "first_name": first, "last_name": last},
            "chat": chat,
            "date": date,
            "text": text,
        }
        if contact is not None:
            del message["text"]
            message["contact"] = contact
        kind = "message"
        if edit_date is not None:
            message["edit_date"] = edit_date
            kind = "edited_message"
        update = {"update_id": next(self._update_ids), kind: message}
        with self.lock:
            self.updates.append(update)
            self.lock.notify_all()
        return update

    def post_other(self, kind: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.updates.append({"update_id": next(self._update_ids), kind: body})

    def redeliver(self) -> None:
        """Forget every confirmation: all updates come again (a server restored from backup)."""
        with self.lock:
            self.confirmed_below = 0

    def replies(self) -> list[Sent]:
        with self.lock:
            return [s for s in self.sent if s.reply_to is not None]

    # -- the API -----------------------------------------------------------------------

    def answer(self, method: str, payload: dict[str, Any]) -> Answer:
        if method == "getUpdates":
            if self.webhook is not None:
                return self.special("409", method, payload)
            return self._get_updates(payload)
        if method in ("setWebhook", "deleteWebhook", "getWebhookInfo"):
            return self._webhook(method, payload)
        if method == "sendMessage":
            return self._send_message(payload)
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 1, "is_bot": True, "username": "cncd_bot"}}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def special(self, fault: str, method: str, payload: dict[str, Any]) -> Answer:
        if fault == "entities":
            return _bad("Bad Request: can't parse entities: Unsupported start tag at byte 3")
        if fault == "conflict":  # another process called getUpdates with this token
            return 409, {
                "ok": False,
                "error_code": 409,
                "description": "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            }
        if fault == "409":
            return 409, {
                "ok": False,
                "error_code": 409,
                "description": "Conflict: can't use getUpdates method while webhook is active",
            }
        return super().special(fault, method, payload)

    def too_many(self) -> Answer:
        return 429, {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        }

    def _webhook(self, method: str, payload: dict[str, Any]) -> Answer:
        with self.lock:
            if method == "getWebhookInfo":
                url = (self.webhook or {}).get("url", "")
                return 200, {"ok": True, "result": {"url": url, "pending_update_count": 0}}
            if method == "deleteWebhook":
                self.webhook = None
                return 200, {"ok": True, "result": True, "description": "Webhook was deleted"}
            url = str(payload.get("url") or "")
            if not url.startswith("https://"):
                return _bad("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(payload.get("secret_token", "-"))):
                return _bad("Bad Request: secret token contains unallowed characters")
            self.webhook = dict(payload)
            return 200, {"ok": True, "result": True, "description": "Webhook was set"}

    def _get_updates(self, payload: dict[str, Any]) -> Answer:
        offset = int(payload.get("offset") or 0)
        allowed = payload.get("allowed_updates") or ["message", "edited_message", "channel_post"]
        limit = int(payload.get("limit") or 100)
        deadline = time.monotonic() + min(float(payload.get("timeout") or 0), self.max_wait)
        with self.lock:
            if offset:
                self.confirmed_below = max(self.confirmed_below, offset)
            while True:
                ready = [
                    u
                    for u in self.updates
                    if u["update_id"] >= self.confirmed_below and any(k in u for k in allowed)
                ][:limit]
                left = deadline - time.monotonic()
                if ready or left <= 0:
                    return 200, {"ok": True, "result": ready}
                self.lock.wait(left)

    def _send_message(self, payload: dict[str, Any]) -> Answer:
        chat_id = str(payload.get("chat_id"))
        if chat_id in self.migrated:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: group chat was upgraded to a supergroup chat",
                "parameters": {"migrate_to_chat_id": int(self.migrated[chat_id])},
            }
        if chat_id in self.kicked:
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was kicked from the supergroup chat",
            }
        if chat_id in self.not_found:
            return _bad("Bad Request: chat not found")
        text = str(payload.get("text", ""))
        mode = payload.get("parse_mode")
        if mode == "HTML":
            visible = _parse_html(text)
            if visible is None:
                return _bad("Bad Request: can't parse entities: Unsupported start tag")
        else:
            visible = text
        if not visible.strip():
            return _bad("Bad Request: message text is empty")
        if len(visible.encode("utf-16-le")) // 2 > 4096:
            return _bad("Bad Request: message is too long")
        reply = payload.get("reply_parameters") or {}
        with self.lock:
            sent = Sent(
                next(self._message_ids),
                chat_id,
                visible,
                reply.get("message_id"),
                mode,
                payload.get("reply_markup"),
            )
            self.sent.append(sent)
        return 200, {
            "ok": True,
            "result": {
                "message_id": sent.message_id,
                "chat": {"id": int(chat_id), "type": "supergroup"},
                "date": int(time.time()),
                "text": visible,
            },
        }


def _bad(description: str) -> Answer:
    return 400, {"ok": False, "error_code": 400, "description": description}


def _parse_html(text: str) -> str | None:
    """The visible text of Telegram HTML, or None where Telegram would refuse it."""
    stripped = _TAG.sub("", text)
    if "<" in stripped or ">" in stripped:
        return None
    if "&" in _ENTITY.sub("", stripped):
        return None
    return html.unescape(stripped)
