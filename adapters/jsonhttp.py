"""JSON over HTTP/1.1 on kept-alive connections, built on the standard library's http.client.

The adapters' requests are the sync loop's hot path: every reply is one. Against the
loopback peer of benchmarks/sync.py a bare `httpx.Client.post` cost about 0.54 ms of
CPU per request on the 2-core benchmark machine, httpcore's pool 0.33 ms, http.client
0.16 ms; `httpx.AsyncClient` on one event loop (1 to 16 requests at a time) 1.3 ms,
at 400-490 requests a second. So the Bot API adapters talk through this, from the
sender's threads.

Thread-safe: a request borrows an idle connection (or opens one) and gives it back once
its answer is read in full, so parallel sends each have a connection of their own.
http.client opens the connections (TLS, proxy tunnels); the request leaves in one
write, head and body together, where http.client's own `request` writes twice (20%
more CPU per request, measured), and the answer is read by adapters/http11.py.
Proxies are taken from the environment as httpx took them (HTTPS_PROXY, HTTP_PROXY,
ALL_PROXY, with NO_PROXY honoured): an https API is reached through a CONNECT tunnel,
an http one by asking the proxy for the absolute URL.
"""

from __future__ import annotations

import base64
import http.client
import json
import select
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from adapters.http11 import read_answer
from tracker.errors import UserError

# An idle connection older than this is closed rather than reused (httpx's default):
# servers and NAT boxes drop quiet connections, often without a word.
KEEP_ALIVE = 5.0
HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json",
    "User-Agent": "tracker",
}


class JsonHttp:
    """POSTs JSON to paths under one base URL; answers are (status, body bytes).

    Raises TimeoutError when the server is too slow, OSError or http.client's
    HTTPException when the network or the server's HTTP fails.
    """

    def __init__(self, base: str, *, timeout: float) -> None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            # Named without its path: the path may hold a bot token.
            raise ValueError(f"not an http(s) URL: {parts.scheme}://{parts.hostname or ''}")
        self.timeout = timeout
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        default_port = self._port == (443 if self._https else 80)
        headers = {"Host": self._host if default_port else f"{self._host}:{self._port}"}
        headers.update(HEADERS)
        self._proxy = _proxy_for(parts.scheme, self._host)
        if self._proxy is not None and not self._https:
            # A plain-http proxy is asked for the whole URL.
            self._prefix = f"http://{self._host}:{self._port}{self._prefix}"
            headers.update(self._proxy.authorization)
        self._head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._idle: list[_Link] = []
        self._lock = threading.Lock()

    def post(
        self, path: str, payload: Mapping[str, Any], *, read_timeout: float = 0.0
    ) -> tuple[int, bytes]:
        """POST `payload` to `path` (under the base URL); wait up to `read_timeout`
        seconds (at least the timeout) for the answer, as a long poll must."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        head = (
            f"POST {self._prefix}/{path} HTTP/1.1\r\n{self._head}"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        link = self._borrow()
        try:
            link.sock.settimeout(max(read_timeout, self.timeout))
            link.sock.sendall(head.encode("latin-1") + body)
            answer = read_answer(link.reader)
        except BaseException:
            link.close()  # half a conversation: this connection is not reusable
            raise
        if answer.keep_alive:
            link.since = time.monotonic()
            with self._lock:
                self._idle.append(link)
        else:
            link.close()
        return answer.status, answer.body

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for link in idle:
            link.close()

    def _borrow(self) -> _Link:
        with self._lock:
            while self._idle:
                link = self._idle.pop()
                if time.monotonic() - link.since < KEEP_ALIVE and link.still_open():
                    return link
                link.close()
        return _Link(self._open())

    def _open(self) -> http.client.HTTPConnection:
        host, port = self._host, self._port
        if self._proxy is not None:
            host, port = self._proxy.host, self._proxy.port
        if not self._https:
            return http.client.HTTPConnection(host, port, timeout=self.timeout)
        connection = http.client.HTTPSConnection(
            host, port, timeout=self.timeout, context=_tls_context()
        )
        if self._proxy is not None:
            connection.set_tunnel(self._host, self._port, headers=self._proxy.authorization)
        return connection


class _Link:
    """One kept-alive connection: http.client opens it (TLS, proxy tunnel), then
    requests go out on its socket and answers are read from it (adapters/http11.py)."""

    def __init__(self, connection: http.client.HTTPConnection) -> None:
        connection.connect()
        assert connection.sock is not None
        self._connection = connection
        self.sock: socket.socket = connection.sock
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")
        self.since = time.monotonic()

    def still_open(self) -> bool:
        """Whether the idle connection may carry another request: the server has not
        closed it (an idle socket that reads as ready was closed or is in trouble)."""
        readable, _, _ = select.select([self.sock], [], [], 0)
        return not readable

    def close(self) -> None:
        self.reader.close()
        self._connection.close()


class UnsupportedProxy(UserError):
    """The environment names a proxy this module cannot use (SOCKS, or no host)."""


class _Proxy:
    def __init__(self, name: str, url: str) -> None:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme != "http" or not parts.hostname:
            # httpx needed an extra for SOCKS; going around the proxy would be worse.
            raise UnsupportedProxy(
                f"{name}: only http:// proxies are supported, not {parts.scheme}://"
            )
        self.host = parts.hostname
        self.port = parts.port or 80
        self.authorization: dict[str, str] = {}
        if parts.username is not None:
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            token = base64.b64encode(pair.encode()).decode()
            self.authorization["Proxy-Authorization"] = f"Basic {token}"


def _proxy_for(scheme: str, host: str) -> _Proxy | None:
    proxies = urllib.request.getproxies_environment()
    name = scheme if scheme in proxies else "all"
    url = proxies.get(name)
    if not url or urllib.request.proxy_bypass(host):
        return None
    return _Proxy(f"{name.upper()}_PROXY", url)


_tls: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    """Certificates checked against certifi's bundle, as httpx did, else the system's."""
    global _tls
    if _tls is None:
        try:
            import certifi

            _tls = ssl.create_default_context(cafile=certifi.where())
        except ImportError:
            _tls = ssl.create_default_context()
    return _tls
