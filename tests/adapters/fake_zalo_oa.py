"""A loopback Zalo OA API (v3 messages) and OAuth server (v4 token refresh).

Like the real one: a message needs a live `access_token` header (else error -216);
a refresh token works once and gives a new pair; group sends need the GMF package.
Errors come back as HTTP 200 with a negative `error`, as Zalo does.
"""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


class FakeZaloOA:
    def __init__(self) -> None:
        self.access = "access-1"
        self.refresh = "refresh-1"
        self.app_secret = "app-secret"  # the app's key (not the OA key that signs webhooks)
        self.gmf = True
        self.window_closed: set[str] = set()  # users outside the reply window
        self.sent: list[tuple[str, dict[str, str], str]] = []  # (path, recipient, text)
        self.refreshes = 0
        self.next_error: int | None = None
        self.expire_after: int | None = None  # the token runs out after this many sends
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FakeZaloOA:
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def expire(self) -> None:
        """The access token runs out (its hour is up)."""
        with self.lock:
            self.access = "expired"

    def answer(self, path: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        with self.lock:
            if path == "/v4/oa/access_token":
                return self._refresh(headers, parse_qs(body.decode()))
            payload = json.loads(body)
            if headers.get("access_token") != self.access or self.access == "expired":
                return {"error": -216, "message": "Access token is invalid"}
            if self.next_error is not None:
                code, self.next_error = self.next_error, None
                return {"error": code, "message": "injected"}
            recipient = payload["recipient"]
            if path == "/v3.0/oa/group/message" and not self.gmf:
                return {"error": -224, "message": "OA has not upgraded the package"}
            if recipient.get("user_id") in self.window_closed:
                return {"error": -230, "message": "User has not interacted in 7 days"}
            self.sent.append((path, recipient, payload["message"]["text"]))
            if self.expire_after is not None and len(self.sent) == self.expire_after:
                self.access = "expired"  # its hour is up, in the middle of a run
            return {
                "error": 0,
                "message": "Success",
                "data": {"message_id": f"oa-{next(self._ids)}"},
            }

    def _refresh(self, headers: dict[str, str], form: dict[str, list[str]]) -> dict[str, Any]:
        if headers.get("secret_key") != self.app_secret:
            return {"error": -14002, "error_description": "invalid secret key"}
        if form.get("refresh_token") != [self.refresh]:
            return {"error": -14014, "error_description": "Invalid refresh token"}
        self.refreshes += 1
        self.access = f"access-{self.refreshes + 1}"
        self.refresh = f"refresh-{self.refreshes + 1}"  # the old one is spent
        return {"access_token": self.access, "refresh_token": self.refresh, "expires_in": "90000"}


def _handler(fake: FakeZaloOA) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            data = json.dumps(fake.answer(self.path, headers, body)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
