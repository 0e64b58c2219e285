"""CPU per request of ways to POST a Bot API reply with httpx, against the sync benchmark's peer.

Each way sends the same sendMessage body from 4 threads (the sender uses 3) to the
loopback peer of benchmarks/sync.py, in a process of its own, and reads the JSON
answer. Prints this process's CPU per request (all threads; the peer's not counted)
and requests a second. adapters/jsonhttp.py uses the last way.

    .venv/bin/python benchmarks/http_options.py [--requests 8000] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from adapters.jsonhttp import JsonHttp  # noqa: E402
from benchmarks.peer import Peer, serve  # noqa: E402

TOKEN = "1:bench"
PAYLOAD = {
    "chat_id": -1002000000001,
    "text": "Đã ghi: 5 lượt hỗ trợ ttdt. Tổng tháng 11: 45/60 (75%).",
    "parse_mode": "HTML",
    "reply_parameters": {"message_id": 123, "allow_sending_without_reply": True},
}
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
TIMEOUT = 10.0


def _peer(pipe: Connection) -> None:
    serve(Peer(TOKEN, "2:unused"), pipe)


def _body() -> bytes:
    return json.dumps(PAYLOAD, ensure_ascii=False, separators=(",", ":")).encode()


# Each way: the request to repeat, and how to close its connections afterwards.
Way = tuple[Callable[[], Any], Callable[[], None]]


def client_post(url: str) -> Way:
    client = httpx.Client(timeout=TIMEOUT)
    return (lambda: client.post(url, json=PAYLOAD).json()), client.close


def client_send(url: str) -> Way:
    client = httpx.Client(timeout=TIMEOUT)

    def call() -> Any:
        request = client.build_request("POST", url, content=_body(), headers=HEADERS)
        return json.loads(client.send(request).content)

    return call, client.close


def transport(url: str) -> Way:
    pool = httpx.HTTPTransport()
    extensions = {"timeout": httpx.Timeout(TIMEOUT).as_dict()}

    def call() -> Any:
        request = httpx.Request(
            "POST", url, content=_body(), headers=HEADERS, extensions=extensions
        )
        response = pool.handle_request(request)
        try:
            return json.loads(response.read())
        finally:
            response.close()

    return call, pool.close


def jsonhttp(url: str) -> Way:
    base, _, path = url.rpartition("/")
    client = JsonHttp(base, timeout=TIMEOUT)
    return (lambda: json.loads(client.post(path, PAYLOAD)[1])), client.close


WAYS = {
    "httpx.Client.post(json=...)": client_post,
    "Client.send(client.build_request(...))": client_send,
    "HTTPTransport.handle_request(httpx.Request(...))": transport,
    "adapters/jsonhttp.py (the same, URL and headers built once)": jsonhttp,
}


def measure(call: Callable[[], Any], requests: int, threads: int) -> tuple[float, float]:
    for _ in range(50):  # connections opened, caches warm
        call()
    each = requests // threads
    start = threading.Barrier(threads + 1)

    def work() -> None:
        start.wait()
        for _ in range(each):
            call()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    cpu, wall = time.process_time(), time.perf_counter()
    for worker in workers:
        worker.join()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / (each * threads) * 1000, each * threads / wall


def main(requests: int, threads: int) -> None:
    ours, theirs = Pipe()
    server = Process(target=_peer, args=(theirs,), daemon=True)
    server.start()
    url = f"{ours.recv()}/bot{TOKEN}/sendMessage"
    for name, way in WAYS.items():
        call, close = way(url)
        ms, rate = measure(call, requests, threads)
        close()
        print(f"{name:60s} {ms:.3f} ms CPU a request, {rate:,.0f} requests/s", flush=True)
    ours.send("stop")
    ours.recv()
    server.join()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"{requests:,} requests each, {threads} threads; load average {load}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    main(options.requests, options.threads)
