"""A fast loopback Bot API peer for the sync benchmark (asyncio, one process).

It speaks the same shapes as the test servers in tests/adapters (Telegram's getUpdates
with offsets and sendMessage; Zalo's one-event getUpdates with 408 and sendMessage)
but answers without http.server's per-request cost, so that the benchmark measures
sync rather than the peer. No fault injection: the tests do that.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from multiprocessing.connection import Connection
from typing import Any


class Peer:
    def __init__(self, telegram_token: str, zalo_token: str) -> None:
        self.telegram_token = telegram_token
        self.zalo_token = zalo_token
        self.updates: list[dict[str, Any]] = []
        self.confirmed_below = 0
        self.zalo_waiting: deque[dict[str, Any]] = deque()
        self.sent = 0
        self._ids = itertools.count(10_000)

    def answer(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        _, bot, method = path.split("/", 2)
        if bot == f"bot{self.telegram_token}":
            if method == "getUpdates":
                offset = int(body.get("offset") or 0)
                self.confirmed_below = max(self.confirmed_below, offset)
                limit = int(body.get("limit") or 100)
                ready = [u for u in self.updates if u["update_id"] >= self.confirmed_below]
                return {"ok": True, "result": ready[:limit]}
            if method == "sendMessage":
                self.sent += 1
                return {"ok": True, "result": {"message_id": next(self._ids), "date": 0}}
        if bot == f"bot{self.zalo_token}":
            if method == "getUpdates":
                if not self.zalo_waiting:
                    return {"ok": False, "error_code": 408, "description": "Request timeout"}
                return {"ok": True, "result": self.zalo_waiting.popleft()}
            if method == "sendMessage":
                self.sent += 1
                return {"ok": True, "result": {"message_id": f"zs{next(self._ids)}", "date": 0}}
        return {"ok": False, "error_code": 401, "description": "Unauthorized"}

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = json.loads(await reader.readexactly(length)) if length else {}
                data = json.dumps(self.answer(path, body), ensure_ascii=False).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(data)}\r\n\r\n".encode()
                    + data
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


def serve(peer: Peer, pipe: Connection) -> None:
    """Serve on a random port; send the URL down `pipe`, then the count sent on "stop"."""

    async def main() -> None:
        server = await asyncio.start_server(peer.connection, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        pipe.send(f"http://127.0.0.1:{port}")
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, pipe.recv)
        pipe.send(peer.sent)
        server.close()

    asyncio.run(main())
