"""A loopback Zalo Bot Platform: one event per getUpdates call, each given only once.

Like the real one: `getUpdates` hands out the oldest waiting event and forgets it
(delivery at most once); with nothing waiting it answers `error_code` 408 after the
poll's timeout; events come wrapped in {"ok", "result"} or, when `top_level` is set,
bare. Ids are strings and `date` is in milliseconds. `sendMessage` takes chat_id and
text (at most 2,000 characters); there is no retry_after on 429.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from tests.adapters.loopback import Answer, LoopbackServer


@dataclass
class Sent:
    message_id: str
    chat_id: str
    text: str


class FakeZalo(LoopbackServer):
    def __init__(self, token: str = "2100000000:TEST-zalo-token", slow: float = 1.0) -> None:
        super().__init__(token, slow)
        self.waiting: deque[dict[str, Any]] = deque()
        self.delivered: list[dict[str, Any]] = []
        self.sent: list[Sent] = []
        self.blocked: set[str] = set()
        self.top_level = False
        self.max_wait = 0.5
        self._ids = itertools.count(1)

    def post(
        self,
        chat_id: str,
        user_id: str,
        text: str,
        *,
        date_ms: int = 1_795_000_000_000,
        name: str = "Phạm Thị Dung",
        group: bool = True,
        event_name: str = "message.text.received",
    ) -> dict[str, Any]:
        event = {
            "event_name": event_name,
            "message": {
                "message_id": f"zm{next(self._ids):08d}",
                "from": {"id": user_id, "display_name": name, "is_bot": False},
                "chat": {"id": chat_id, "chat_type": "GROUP" if group else "PRIVATE"},
                "date": date_ms,
                "text": text,
            },
        }
        with self.lock:
            self.waiting.append(event)
            self.lock.notify_all()
        return event

    def answer(self, method: str, payload: dict[str, Any]) -> Answer:
        if method == "getUpdates":
            return self._get_updates(payload)
        if method == "sendMessage":
            return self._send_message(payload)
        return 404, {"ok": False, "error_code": 404, "description": "Method not found"}

    def too_many(self) -> Answer:
        return 429, {"ok": False, "error_code": 429, "description": "Too many requests"}

    def _get_updates(self, payload: dict[str, Any]) -> Answer:
        deadline = time.monotonic() + min(float(payload.get("timeout") or 0), self.max_wait)
        with self.lock:
            while not self.waiting:
                left = deadline - time.monotonic()
                if left <= 0:
                    return 200, {"ok": False, "error_code": 408, "description": "Request timeout"}
                self.lock.wait(left)
            event = self.waiting.popleft()
            self.delivered.append(event)
        return 200, (event if self.top_level else {"ok": True, "result": event})

    def _send_message(self, payload: dict[str, Any]) -> Answer:
        chat_id = str(payload.get("chat_id", ""))
        text = payload.get("text")
        if not isinstance(text, str) or not text or len(text) > 2000:
            return 400, {"ok": False, "error_code": 400, "description": "Invalid text length"}
        if chat_id in self.blocked:
            return 403, {"ok": False, "error_code": 403, "description": "Bot is not in this chat"}
        with self.lock:
            sent = Sent(f"zs{next(self._ids):08d}", chat_id, text)
            self.sent.append(sent)
        return 200, {
            "ok": True,
            "result": {"message_id": sent.message_id, "date": int(time.time() * 1000)},
        }
