"""JSON POSTs to paths under one Bot API base, over httpx's transport API.

Every reply the sync loop sends is one of these requests, from the sender's threads.
Measured by benchmarks/http_options.py against the loopback peer of benchmarks/sync.py
(4 threads, 2 cores), CPU per request: `httpx.Client.post` 0.57-0.63 ms,
`Client.send(client.build_request(...))` 0.60-0.66 ms,
`httpx.HTTPTransport.handle_request` 0.44-0.52 ms, and the same with the URL and
headers built once per path 0.39-0.44 ms. So requests go straight to an
`httpx.HTTPTransport` (httpx's documented transport API: its pool keeps connections
alive, 5 s idle at most, one per parallel request; certificates checked against
certifi's bundle). What the Client would add for us is its configuration from the
environment, which here is only the proxy: taken from HTTPS_PROXY, HTTP_PROXY or
ALL_PROXY (lower case too) unless NO_PROXY names the host, as httpx does.

Raises httpx.TimeoutException when the server is too slow and httpx.TransportError
when the network or the server's HTTP fails; the adapters retry both.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from tracker.errors import UserError

HEADERS = httpx.Headers(
    {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "tracker"}
)


class UnsupportedProxy(UserError):
    """The environment names a proxy httpx cannot use (SOCKS needs httpx's socks extra)."""


class JsonHttp:
    """POSTs JSON to paths under one base URL; answers are (status, body bytes)."""

    def __init__(self, base: str, *, timeout: float) -> None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            # Named without its path: the path may hold a bot token.
            raise ValueError(f"not an http(s) URL: {parts.scheme}://{parts.hostname or ''}")
        self._base = base.rstrip("/")
        self._timeout = timeout
        self._timeouts = {"timeout": httpx.Timeout(timeout).as_dict()}
        self._urls: dict[str, httpx.URL] = {}  # parsing a URL is a fifth of a request's CPU
        self._transport = _transport(parts.scheme, parts.hostname)

    def post(
        self, path: str, payload: Mapping[str, Any], *, read_timeout: float = 0.0
    ) -> tuple[int, bytes]:
        """POST `payload` to `path` (under the base URL); wait up to `read_timeout`
        seconds (at least the timeout) for the answer, as a long poll must."""
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = httpx.URL(f"{self._base}/{path}")
        extensions = self._timeouts
        if read_timeout > self._timeout:
            extensions = {"timeout": httpx.Timeout(self._timeout, read=read_timeout).as_dict()}
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        request = httpx.Request("POST", url, content=body, headers=HEADERS, extensions=extensions)
        response = self._transport.handle_request(request)
        try:
            return response.status_code, response.read()
        finally:
            response.close()

    def close(self) -> None:
        self._transport.close()


def _transport(scheme: str, host: str) -> httpx.HTTPTransport:
    proxies = urllib.request.getproxies_environment()
    name = scheme if scheme in proxies else "all"
    url = proxies.get(name)
    if not url or urllib.request.proxy_bypass(host):
        return httpx.HTTPTransport()
    url = url if "://" in url else f"http://{url}"
    try:
        return httpx.HTTPTransport(proxy=url)
    except (ImportError, ValueError):
        # Named by its scheme only: the URL may hold a password. Going around the
        # proxy instead would be worse.
        raise UnsupportedProxy(
            f"{name.upper()}_PROXY: a {urlsplit(url).scheme}:// proxy cannot be used "
            "(http:// and https:// can; SOCKS with httpx[socks] installed)"
        ) from None
