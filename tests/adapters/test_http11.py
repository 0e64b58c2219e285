"""Reading HTTP/1.1 answers: the three framings, 1xx, keep-alive, and malformed ones."""

from __future__ import annotations

import http.client
import io

import pytest

from adapters.http11 import MAX_LINE, Answer, read_answer

CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


def _reader(*answers: bytes) -> io.BytesIO:
    return io.BytesIO(b"".join(answers))


def test_answers_framed_by_length_follow_each_other_on_one_connection() -> None:
    reader = _reader(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n",
        b'{"ok":true}',
        b"HTTP/1.1 429 Too Many Requests\r\ncontent-length: 2\r\n\r\n{}",
    )
    assert read_answer(reader) == Answer(200, b'{"ok":true}', keep_alive=True)
    assert read_answer(reader) == Answer(429, b"{}", keep_alive=True)


def test_a_chunked_answer_is_put_together() -> None:
    reader = _reader(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        b'4;name=value\r\n{"ok\r\n',
        b'8\r\n":true}\n\r\n',
        b"0\r\nX-Trailer: yes\r\n\r\n",
        b"HTTP/1.1 204 No Content\r\n\r\n",
    )
    assert read_answer(reader) == Answer(200, b'{"ok":true}\n', keep_alive=True)
    assert read_answer(reader) == Answer(204, b"", keep_alive=True)


def test_an_answer_without_length_ends_with_the_connection() -> None:
    reader = _reader(b"HTTP/1.1 502 Bad Gateway\r\n\r\n<html>502</html>")
    assert read_answer(reader) == Answer(502, b"<html>502</html>", keep_alive=False)


@pytest.mark.parametrize(
    ("head", "keep_alive"),
    [
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\n", False),
        (b"HTTP/1.0 200 OK\r\n", False),
        (b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n", True),
        (b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n", True),
    ],
)
def test_the_server_says_whether_the_connection_stays_open(head: bytes, keep_alive: bool) -> None:
    reader = _reader(head, b"Content-Length: 2\r\n\r\n{}")
    assert read_answer(reader).keep_alive is keep_alive


def test_an_informational_answer_is_skipped() -> None:
    reader = _reader(
        b"HTTP/1.1 100 Continue\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
    )
    assert read_answer(reader) == Answer(200, b"{}", keep_alive=True)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", http.client.RemoteDisconnected),
        (b"<html>hello</html>\r\n", http.client.BadStatusLine),
        (b"HTTP/1.1 OK\r\n\r\n", http.client.BadStatusLine),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}", http.client.IncompleteRead),
        (b"HTTP/1.1 200 OK\r\nContent-Length: nine\r\n\r\n{}", http.client.HTTPException),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}", http.client.HTTPException),
        (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n", http.client.RemoteDisconnected),
        (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", http.client.HTTPException),
        (b"HTTP/1.1 200 OK\r\nX: " + b"a" * MAX_LINE + b"\r\n\r\n", http.client.LineTooLong),
        (b"HTTP/1.1 200 OK\r\n" + b"X: 1\r\n" * 101 + b"\r\n", http.client.HTTPException),
        (CHUNKED + b"2\r\n{}}\r\n0\r\n\r\n", http.client.HTTPException),
        (CHUNKED + b"zz\r\n", http.client.HTTPException),
        (CHUNKED + b"5\r\n{}", http.client.IncompleteRead),
    ],
)
def test_a_malformed_answer_is_an_http_error(data: bytes, error: type[Exception]) -> None:
    """Each of these is retried by the adapters like a network error."""
    with pytest.raises(error):
        read_answer(_reader(data))
    assert issubclass(error, http.client.HTTPException)
