"""`tracker serve`: receive webhooks and journal what they carry.

    POST /hooks/<adapter>   for every installed adapter whose capabilities say `webhooks`,
                            and the older paths it keeps (`webhook_paths`: /telegram...)
    GET  /healthz

The adapter checks its own secret or signature (`verify_webhook`) and reads the payload
(`parse_webhook`): nothing here knows one platform from another. A request that fails
its check gets 403 and nothing is stored; an adapter that is not configured refuses
everything. Webhooks only journal: `tracker sync`
(timer or loop) processes the rows, replies and posts digests.

This module is the endpoints as plain functions: `check` (secret, JSON, parsing) and
`store` (the journal write, for one request or a batch of them in one transaction).
`tracker.webapp` wraps them in an ASGI app that groups concurrent requests into one
`store`, so that nothing here needs a web framework.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from adapters.base import AdapterError, Context
from adapters.registry import adapter_names, load_adapter, part
from tracker.channel_setup import build_adapter, check_names, configured
from tracker.config import Settings
from tracker.journal import record
from tracker.messages import Inbound

log = logging.getLogger("tracker.serve")

MAX_BODY = 1 << 20  # 1 MiB: a Telegram update or a Zalo event is a few kB
Answer = tuple[int, dict[str, Any]]


class Webhooks:
    """The endpoints, as a plain function of (method, path, headers, body)."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        """Builds every configured webhook adapter now, so that an option one does not
        take stops `tracker serve` before it listens."""
        self.sessions = sessions
        self.settings = settings
        check_names(settings)
        ready = configured(settings)
        self.routes: dict[str, str] = {}  # path -> adapter name
        self._adapters: dict[str, Any] = {}  # name -> adapter, None: not configured
        for name in adapter_names():
            factory = load_adapter(name)
            if not factory.capabilities.webhooks:
                continue
            for path in (f"/hooks/{name}", *part(factory, "webhook_paths")):
                self.routes[path] = name
            if name in ready:
                self._adapters[name] = build_adapter(settings, name, Context(purpose="serve"))

    def close(self) -> None:
        for adapter in self._adapters.values():
            adapter.close()

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
        name = self.routes.get(path)
        if method != "POST" or name is None:
            return 404, {"ok": False, "description": "not found"}
        adapter = self._adapters.get(name)
        if adapter is None or not _verified(adapter, headers, body):
            log.warning("serve: %s refused: the secret or signature does not match", path)
            return 403, {"ok": False, "description": "forbidden"}
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # nested past Python's stack: no update either
            return 400, {"ok": False, "description": "the body is not JSON"}
        if not isinstance(payload, dict):
            return 400, {"ok": False, "description": "the body is not a JSON object"}
        try:
            return list(adapter.parse_webhook(payload))
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


def _verified(adapter: Any, headers: Mapping[str, str], body: bytes) -> bool:
    """The adapter's own check; one that has none refuses everything."""
    verify = getattr(adapter, "verify_webhook", None)
    return bool(verify(headers, body)) if verify is not None else False
