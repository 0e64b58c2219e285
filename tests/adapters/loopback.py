"""A loopback HTTP server for Bot APIs, with failures to inject.

Requests go to `POST /bot<TOKEN>/<method>` with a JSON body, as on Telegram and the
Zalo Bot Platform. Subclasses answer each method; this base checks the token, records
every call and plays injected faults first:

    "502"        HTTP 502 with an HTML body (a proxy in trouble)
    "429"        too many requests (each API's own shape; see `too_many`)
    "timeout"    answer only after `slow` seconds, doing nothing
    "malformed"  HTTP 200 with a body that is not JSON
    "drop"       close the connection without answering
    "late"       do the work (a send is delivered), then answer only after `slow` seconds

`closed_port()` and `HangingServer` stand for a platform that cannot be reached: one
refuses connections, the other accepts them and never answers.
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, Any]

_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")


class LoopbackServer:
    def __init__(self, token: str, slow: float = 1.0) -> None:
        self.token = token
        self.slow = slow
        self.lock = threading.Condition()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.faults: dict[str, deque[str]] = defaultdict(deque)
        self._server: ThreadingHTTPServer | None = None
        # Called with each method name once it is handled, before it is answered.
        self.on_call: Callable[[str], None] | None = None
        self._open: set[int] = set()  # connections being served, by number
        self._numbers = itertools.count()

    # -- test controls -----------------------------------------------------------------

    def inject(self, method: str, *faults: str) -> None:
        with self.lock:
            self.faults[method].extend(faults)

    def open_connections(self) -> frozenset[int]:
        with self.lock:
            return frozenset(self._open)

    def wait_closed(self, connections: frozenset[int], seconds: float) -> bool:
        """Wait until these connections are closed, every request they carried handled
        (a client killed with requests written: what it sent before dying is known)."""
        with self.lock:
            return self.lock.wait_for(lambda: not connections & self._open, seconds)

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self.lock:
            return [payload for name, payload in self.calls if name == method]

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LoopbackServer:
        server = _QuietServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        self._server = server
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # -- what subclasses provide -------------------------------------------------------

    def answer(self, method: str, payload: dict[str, Any]) -> Answer:
        raise NotImplementedError

    def too_many(self) -> Answer:
        return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests"}

    def unauthorized(self) -> Answer:
        return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}

    # -- dispatch ----------------------------------------------------------------------

    def dispatch(self, path: str, body: bytes) -> tuple[int, bytes] | None:
        """The status and body to answer with; None to drop the connection."""
        match = _PATH.match(path)
        if not match:
            return 404, b'{"ok": false, "error_code": 404, "description": "Not Found"}'
        method = match["method"]
        with self.lock:
            fault = self.faults[method].popleft() if self.faults[method] else None
        if fault == "drop":
            return None
        if fault == "timeout":
            time.sleep(self.slow)
            return 504, b"late"
        if fault == "502":
            return 502, b"<html><body>502 Bad Gateway</body></html>"
        if fault == "malformed":
            return 200, b'{"ok": true, "result": [unterminated'
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            return 400, b'{"ok": false, "error_code": 400, "description": "Bad Request: bad JSON"}'
        with self.lock:
            self.calls.append((method, payload))
        if match["token"] != self.token:
            status, document = self.unauthorized()
        elif fault == "late":
            status, document = self.answer(method, payload)
            time.sleep(self.slow)  # the work is done; the answer is what is slow
        elif fault is not None and fault.startswith("429"):
            status, document = self.too_many()
        elif fault is not None:
            status, document = self.special(fault, method, payload)
        else:
            status, document = self.answer(method, payload)
        if self.on_call is not None:  # after the work is done, before the answer leaves
            self.on_call(method)
        return status, json.dumps(document, ensure_ascii=False).encode()

    def special(self, fault: str, method: str, payload: dict[str, Any]) -> Answer:
        raise ValueError(f"unknown fault {fault!r}")


def closed_port() -> str:
    """The base URL of a loopback port nothing listens on: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class HangingServer:
    """A loopback port whose connections are accepted (by the kernel's backlog) and
    never answered: the request goes out, no byte ever comes back."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)

    @property
    def url(self) -> str:
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> HangingServer:
        return self

    def __exit__(self, *_: object) -> None:
        self._socket.close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout fault) is expected


def _handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body leave in two writes: without this, Nagle's algorithm and
            # delayed ACKs add 40 ms to every answer.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with server.lock:
                self.number = next(server._numbers)
                server._open.add(self.number)

        def finish(self) -> None:
            try:
                super().finish()
            finally:
                with server.lock:
                    server._open.discard(self.number)
                    server.lock.notify_all()

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer = server.dispatch(self.path, body)
            if answer is None:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            status, data = answer
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
