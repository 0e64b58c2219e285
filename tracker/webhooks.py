"""`tracker serve`: receive webhooks and journal what they carry.

    POST /telegram   header X-Telegram-Bot-Api-Secret-Token = TRACKER_TELEGRAM_WEBHOOK_SECRET
    POST /zalo/bot   header X-Bot-Api-Secret-Token = TRACKER_ZALO_WEBHOOK_SECRET
    POST /zalo/oa    header X-ZEvent-Signature = sha256(app id + body + timestamp + key)
    GET  /healthz

A request that fails its check gets 403 and nothing is stored; an endpoint whose
secret is not configured refuses everything. Webhooks only journal: `tracker sync`
(timer or loop) processes the rows, replies and posts digests.

This module is the endpoints as plain functions: `check` (secret, JSON, parsing) and
`store` (the journal write, for one request or a batch of them in one transaction).
`tracker.webapp` wraps them in an ASGI app that groups concurrent requests into one
`store`, so that nothing here needs a web framework.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from adapters.base import AdapterError
from adapters.registry import load_adapter
from tracker.config import Secret, Settings
from tracker.journal import record
from tracker.messages import Inbound

log = logging.getLogger("tracker.serve")

MAX_BODY = 1 << 20  # 1 MiB: a Telegram update or a Zalo event is a few kB
Answer = tuple[int, dict[str, Any]]


class Webhooks:
    """The endpoints, as a plain function of (method, path, headers, body)."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        oa = settings.zalo_oa  # config file or TRACKER_ZALO_OA_APP_ID / _SECRET_KEY
        self.oa_app_id = oa.app_id
        self.oa_secret = oa.secret_key.reveal() if oa.secret_key else ""
        self._adapters: dict[str, Any] = {}

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        """One request from start to answer (its own transaction)."""
        path = path.split("?", 1)[0].rstrip("/") or "/"
        if method == "GET" and path == "/healthz":
            return self._health()
        checked = self.check(method, path, headers, body)
        if isinstance(checked, tuple):
            return checked
        return stored(self.store([checked])[0])

    def check(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> Answer | list[Inbound]:
        """The messages a good request carries, or the answer to a bad one (nothing stored)."""
        path = path.split("?", 1)[0].rstrip("/") or "/"
        if method != "POST" or path not in ("/telegram", "/zalo/bot", "/zalo/oa"):
            return 404, {"ok": False, "description": "not found"}
        if not self._allowed(path, headers, body):
            log.warning("serve: %s refused: the secret or signature does not match", path)
            return 403, {"ok": False, "description": "forbidden"}
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # nested past Python's stack: no update either
            return 400, {"ok": False, "description": "the body is not JSON"}
        if not isinstance(payload, dict):
            return 400, {"ok": False, "description": "the body is not a JSON object"}
        try:
            return list(self._parse(path, payload))
        except AdapterError as error:
            return 400, {"ok": False, "description": _one_line(str(error))}
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            # An adapter that met a shape it did not expect: the request is what is wrong,
            # and the platform is told so in one line (a 500 would have it sent again).
            log.warning("serve: %s refused: a malformed payload (%r)", path, error)
            reason = f"{type(error).__name__}: {error}"
            return 400, {"ok": False, "description": _one_line(f"malformed payload ({reason})")}

    def store(self, requests: Sequence[Sequence[Inbound]]) -> list[int]:
        """Journal several requests' messages in one transaction; the new rows of each.

        One `record` per request keeps each answer's `new` exact (two deliveries of one
        update in the same batch: the first is new, the second is not); what costs is
        the commit, and there is one.
        """
        with self.sessions.begin() as session:
            return [record(session, messages).new for messages in requests]

    def _allowed(self, path: str, headers: Mapping[str, str], body: bytes) -> bool:
        if path == "/telegram":
            return _same(
                self.settings.telegram.webhook_secret, headers, "X-Telegram-Bot-Api-Secret-Token"
            )
        if path == "/zalo/bot":
            return _same(self.settings.zalo.webhook_secret, headers, "X-Bot-Api-Secret-Token")
        from adapters import zalo_oa

        return zalo_oa.verify(
            self.oa_app_id, self.oa_secret, body, _header(headers, "X-ZEvent-Signature")
        )

    def _parse(self, path: str, payload: dict[str, Any]) -> Sequence[Inbound]:
        if path == "/zalo/oa":
            from adapters import zalo_oa

            return zalo_oa.parse_event(payload)
        name = "telegram" if path == "/telegram" else "zalo"
        if name not in self._adapters:
            # The configured bot, not a nameless one: Telegram's adapter asks getMe who
            # it is, to tell a command for another bot (`/bc@another_bot`) from ours.
            channel = self.settings.telegram if name == "telegram" else self.settings.zalo
            token = channel.token.reveal() if channel.token else ""
            self._adapters[name] = load_adapter(name)(token, channel.api_base)
        messages: Sequence[Inbound] = self._adapters[name].parse_webhook(payload)
        return messages

    def _health(self) -> Answer:
        try:
            with self.sessions() as session:
                session.execute(text("SELECT 1"))
        except Exception as error:  # the store is down: say so, do not crash
            return 503, {"ok": False, "description": type(error).__name__}
        return 200, {"ok": True}


def stored(new: int) -> Answer:
    """The answer once a request's rows are committed."""
    return 200, {"ok": True, "new": new}


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def _same(secret: Secret | None, headers: Mapping[str, str], name: str) -> bool:
    given = _header(headers, name)
    if not secret or given is None:
        return False
    return hmac.compare_digest(given.encode(), secret.reveal().encode())
