"""The adapters' HTTP (httpx's transport): kept-alive connections, one per parallel
request, timeouts, and proxies from the environment."""

from __future__ import annotations

import base64
import importlib.util
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from adapters.jsonhttp import JsonHttp, UnsupportedProxy


class Recorder(ThreadingHTTPServer):
    """Answers every POST with what it got; `close_after` answers, then the connection
    is closed (as a server ending an idle keep-alive does)."""

    daemon_threads = True

    def __init__(
        self, close_after: int = 0, say_close: bool = False, chunked: bool = False
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Echo)
        self.close_after = close_after
        self.say_close = say_close
        self.chunked = chunked
        self.delay = 0.0
        self.connections = 0
        self.lines: list[str] = []
        self.headers: list[dict[str, str]] = []
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Recorder

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1
        self.answered = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(self.server.delay)
        self.server.lines.append(self.requestline)
        self.server.headers.append(dict(self.headers))
        data = json.dumps({"path": self.path, "got": json.loads(body)}).encode()
        self.send_response(200)
        if self.server.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(data)))
        if self.server.say_close:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.server.chunked:
            for part in (data[:5], data[5:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(data)
        self.answered += 1
        if self.server.close_after and self.answered >= self.server.close_after:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.shutdown()
    server.server_close()


def test_one_connection_carries_request_after_request(recorder: Recorder) -> None:
    client = JsonHttp(recorder.url + "/bot1:t", timeout=2.0)
    for n in range(5):
        text = f"tin {n} — đã ghi"
        status, data = client.post("sendMessage", {"text": text})
        assert status == 200
        assert json.loads(data) == {"path": "/bot1:t/sendMessage", "got": {"text": text}}
    assert recorder.connections == 1
    assert recorder.headers[0]["Host"] == recorder.url.removeprefix("http://")
    assert recorder.headers[0]["Content-Type"] == "application/json"
    client.close()


def test_parallel_requests_each_get_a_connection_and_give_it_back(recorder: Recorder) -> None:
    client = JsonHttp(recorder.url, timeout=2.0)
    barrier = threading.Barrier(3)

    def send() -> None:
        barrier.wait()
        for n in range(20):
            assert client.post("m", {"n": n})[0] == 200

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(recorder.lines) == 60
    assert 1 <= recorder.connections <= 3
    client.close()


def test_a_connection_the_server_closed_is_not_reused() -> None:
    server = Recorder(close_after=1)
    try:
        client = JsonHttp(server.url, timeout=2.0)
        for n in range(3):
            assert client.post("m", {"n": n})[0] == 200
            time.sleep(0.1)  # idle: the server has hung up by now
        assert server.connections == 3 and len(server.lines) == 3
        client.close()
    finally:
        server.shutdown()
        server.server_close()


def test_a_connection_close_answer_is_obeyed() -> None:
    server = Recorder(say_close=True)
    try:
        client = JsonHttp(server.url, timeout=2.0)
        for n in range(3):
            assert client.post("m", {"n": n})[0] == 200
        assert server.connections == 3
        client.close()
    finally:
        server.shutdown()
        server.server_close()


def test_chunked_answers_come_whole_and_keep_the_connection() -> None:
    server = Recorder(chunked=True)
    try:
        client = JsonHttp(server.url, timeout=2.0)
        for n in range(3):
            status, data = client.post("m", {"n": n, "text": "Đã ghi"})
            assert status == 200 and json.loads(data)["got"] == {"n": n, "text": "Đã ghi"}
        assert server.connections == 1
        client.close()
    finally:
        server.shutdown()
        server.server_close()


def test_a_plain_http_api_goes_through_the_proxy_named_in_the_environment(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://officer:m%E1%BA%ADt@{recorder.url[7:]}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = JsonHttp("http://localhost:9/bot1:t", timeout=2.0)
    status, data = client.post("getMe", {})
    assert status == 200 and json.loads(data)["path"] == "http://localhost:9/bot1:t/getMe"
    assert recorder.lines == ["POST http://localhost:9/bot1:t/getMe HTTP/1.1"]
    expected = base64.b64encode("officer:mật".encode()).decode()
    assert recorder.headers[0]["Proxy-Authorization"] == f"Basic {expected}"
    client.close()


def test_no_proxy_is_honoured(recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = JsonHttp(recorder.url, timeout=2.0)
    assert client.post("m", {})[0] == 200
    client.close()


def test_a_socks_proxy_is_refused_rather_than_bypassed(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("socksio") is not None:
        pytest.skip("httpx[socks] is installed: SOCKS proxies work")
    monkeypatch.setenv("HTTPS_PROXY", "socks5://127.0.0.1:1080")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(UnsupportedProxy, match=r"^HTTPS_PROXY: a socks5:// proxy cannot be used"):
        JsonHttp("https://api.telegram.org/bot1:t", timeout=2.0)


def test_a_refused_connection_is_a_transport_error() -> None:
    client = JsonHttp("http://127.0.0.1:9", timeout=1.0)
    with pytest.raises(httpx.TransportError):
        client.post("m", {})


def test_a_slow_answer_times_out_unless_the_call_waits_longer(recorder: Recorder) -> None:
    recorder.delay = 0.5
    client = JsonHttp(recorder.url, timeout=0.2)
    with pytest.raises(httpx.TimeoutException):
        client.post("m", {})
    status, data = client.post("getUpdates", {"timeout": 1}, read_timeout=2.0)
    assert status == 200 and json.loads(data)["got"] == {"timeout": 1}
    client.close()


@pytest.mark.parametrize("name", ["telegram", "zalo"])
def test_an_api_base_that_is_no_http_address_names_its_setting(name: str) -> None:
    from adapters.registry import load_adapter
    from tracker.errors import UserError

    with pytest.raises(UserError) as caught:
        load_adapter(name)("42:SECRET-token", "api.example.vn")
    message = str(caught.value)
    assert message.startswith(f"TRACKER_{name.upper()}_API_BASE ([{name}] api_base):")
    assert "'api.example.vn'" in message and "SECRET" not in message
