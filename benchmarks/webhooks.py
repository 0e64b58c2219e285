"""Webhook burst: N Telegram updates POSTed to `tracker serve` (uvicorn) on loopback.

The server is one process (`python -m tracker serve`), this script the second; it
sends from a pool of keep-alive clients, prints requests/s, latency percentiles, the
load average around the run and how many transactions the server wrote them in, and
fails unless every request was answered 200 and the journal holds exactly one row per
update sent.
Run: .venv/bin/python benchmarks/webhooks.py [--requests 10000] [--clients 32]
     [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
With --postgres the store is a fresh schema in that database, dropped afterwards;
without, a SQLite file in a temporary folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import func, select

SECRET = "bench-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _update(number: int) -> dict[str, object]:
    return {
        "update_id": number,
        "message": {
            "message_id": number,
            "from": {"id": 1001, "is_bot": False, "first_name": "An"},
            "chat": {"id": -1001000000002, "title": "CNCĐ", "type": "supergroup"},
            "date": 1_795_000_000,
            "text": f"/bc ttdt {number % 7 + 1}",
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database instead")
    args = parser.parse_args(argv)
    if args.postgres:
        with _pg_schema(args.postgres) as url:
            run(args, url)
    else:
        # Removed afterwards, store and WAL files with it: a run left 4.5 MB behind.
        with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
            run(args, f"sqlite:///{Path(folder) / 'bench.db'}")


@contextmanager
def _pg_schema(url: str) -> Iterator[str]:
    """A fresh schema in the database at `url`, as the store's search_path; then dropped."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    plain = url.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def run(args: argparse.Namespace, url: str) -> None:

    from tracker.store.engine import make_engine, session_factory
    from tracker.store.migrate import upgrade
    from tracker.store.models import InboundMessage

    engine = make_engine(url)
    upgrade(engine)
    port = _free_port()
    env = {**os.environ, "TRACKER_DB_URL": url, "TRACKER_TELEGRAM_WEBHOOK_SECRET": SECRET}
    command = [sys.executable, "-m", "tracker", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/healthz")
                break
            except httpx.TransportError:
                time.sleep(0.05)
        local = threading.local()
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

        def send(number: int) -> tuple[float, int]:
            if not hasattr(local, "client"):
                local.client = httpx.Client(base_url=base, headers=headers)
            started = time.perf_counter()
            status = local.client.post("/telegram", json=_update(number)).status_code
            return time.perf_counter() - started, status

        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(send, range(1, args.requests + 1)))
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        _, log = server.communicate(timeout=10)
    written = [line.split("INFO ", 1)[-1] for line in log.splitlines() if "transactions" in line]
    latencies = sorted(r[0] for r in results)
    failed = sum(1 for r in results if r[1] != 200)
    cuts = statistics.quantiles(latencies, n=100)
    with session_factory(engine)() as session:
        stored = session.scalar(select(func.count()).select_from(InboundMessage))
    engine.dispose()
    print(f"store      {url.split(':', 1)[0]}")
    print(f"requests   {args.requests} from {args.clients} clients, {failed} not 200")
    print(f"rate       {args.requests / elapsed:,.0f} requests/s ({elapsed:.2f} s)")
    print(f"latency    p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms")
    print(f"journal    {stored} rows; {written[0] if written else 'no write count logged'}")
    print(f"load       {load_before:.2f} before, {load_after:.2f} after (1-min average)")
    assert failed == 0, f"{failed} requests were not answered 200"
    assert stored == args.requests, f"lost: sent {args.requests}, journalled {stored}"


if __name__ == "__main__":
    main()
