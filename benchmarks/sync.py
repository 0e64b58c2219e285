"""End-to-end throughput of `tracker sync --once` against a loopback Bot API peer.

Every update is a report from a registered member, so each one is pulled, journalled
(with its cursor), processed and answered with a reply that is sent and recorded.
The peer (benchmarks/peer.py, asyncio) runs in a process of its own, as the real
servers do. Pacing is off, as with `tracker sync --no-pacing`: the peer sets no rate
limits, and with the platforms' limits the figure would measure the limits; the
output says how long those limits alone would make the same replies take.
Prints updates per second end to end (and against the 1,000 aimed for), and per phase,
with this process's CPU per phase and per reply.

    .venv/bin/python benchmarks/sync.py [--updates 5000] [--zalo 500] [--reports 1.0]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Row, func, select  # noqa: E402

from adapters.base import Adapter  # noqa: E402
from benchmarks.peer import Peer  # noqa: E402
from benchmarks.peer import serve as serve_peer  # noqa: E402
from tests.adapters.fake_telegram import FakeTelegram  # noqa: E402
from tests.adapters.fake_zalo import FakeZalo  # noqa: E402
from tests.factories import build_world  # noqa: E402
from tracker.config import load_settings  # noqa: E402
from tracker.store.engine import make_engine, session_factory  # noqa: E402
from tracker.store.migrate import upgrade  # noqa: E402
from tracker.store.models import InboundMessage, OutboxMessage  # noqa: E402
from tracker.sync import records  # noqa: E402
from tracker.sync.channels import build_channels, pull_channel  # noqa: E402
from tracker.sync.loop import Sync  # noqa: E402
from tracker.sync.pacing import Pacer  # noqa: E402
from tracker.sync.steps import process_pending  # noqa: E402

TARGET = 1000  # updates a second end to end, on the 2-core development machine (issue 18)
MEMBERS = {"telegram": ["1001", "1002", "1003", "1005"], "zalo": ["z1001", "z1004"]}


def serve(updates: int, zalo_updates: int, chats: int, share: float, pipe: Connection) -> None:
    """In a process of its own (as the real servers are): load the updates and serve."""
    telegram, zalo = FakeTelegram(), FakeZalo()  # only to build the updates' real shapes
    rng = random.Random(1)
    for _ in range(updates):
        chat = f"-100{2000000000 + rng.randrange(chats)}"
        text = f"/bc ttdt {rng.randint(1, 9)}" if rng.random() < share else "chào cả nhà"
        telegram.post(chat, rng.choice(MEMBERS["telegram"]), text)
    for _ in range(zalo_updates):
        chat = f"zg-{rng.randrange(chats)}"
        text = f"/bc dvc {rng.randint(1, 9)}" if rng.random() < share else "cảm ơn tổ"
        zalo.post(chat, rng.choice(MEMBERS["zalo"]), text)
    peer = Peer(telegram.token, zalo.token)
    peer.updates = telegram.updates
    peer.zalo_waiting = zalo.waiting
    serve_peer(peer, pipe)


def run(updates: int, zalo_updates: int, chats: int, share: float) -> None:
    ours, theirs = Pipe()
    server = Process(target=serve, args=(updates, zalo_updates, chats, share, theirs), daemon=True)
    server.start()
    base = ours.recv()
    tg_token, tg_url = FakeTelegram().token, base
    zalo_token, zalo_url = FakeZalo().token, base
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        engine = make_engine(url)
        upgrade(engine)
        sessions = session_factory(engine)
        with sessions.begin() as session:
            build_world(session)
        environ = {
            "TRACKER_TELEGRAM_TOKEN": tg_token,
            "TRACKER_TELEGRAM_API_BASE": tg_url,
            "TRACKER_ZALO_TOKEN": zalo_token,
            "TRACKER_ZALO_API_BASE": zalo_url,
        }
        settings = load_settings(db_url=url, environ=environ)
        syncer = Sync(
            sessions, settings, build_channels(settings), now=_morning, pacer=Pacer(enabled=False)
        )
        started = time.perf_counter()
        phases: dict[str, float] = {}
        cpu: dict[str, float] = {}  # this process's CPU seconds, all threads
        for channel in syncer.channels:
            mark, cpu_mark = time.perf_counter(), time.process_time()
            pull_channel(sessions, channel)
            phases[f"pull+journal {channel.name}"] = time.perf_counter() - mark
            cpu[f"pull+journal {channel.name}"] = time.process_time() - cpu_mark
        mark, cpu_mark = time.perf_counter(), time.process_time()
        process_pending(sessions, settings)
        phases["process"] = time.perf_counter() - mark
        cpu["process"] = time.process_time() - cpu_mark
        mark, cpu_mark = time.perf_counter(), time.process_time()
        syncer.cycle(drain=True)
        phases["send"] = time.perf_counter() - mark
        cpu["send"] = time.process_time() - cpu_mark
        elapsed = time.perf_counter() - started
        syncer.close()
        with sessions() as session:
            per_chat = session.execute(
                select(OutboxMessage.channel, OutboxMessage.chat_id, func.count())
                .where(OutboxMessage.status == "sent")
                .group_by(OutboxMessage.channel, OutboxMessage.chat_id)
            ).all()
            journalled = session.scalar(select(func.count()).select_from(InboundMessage))
            sent = session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "sent")
            )
        ours.send("stop")
        received = ours.recv()
        server.join()
        total = updates + zalo_updates
        assert journalled == total and sent == received, (journalled, sent, received)
        assert sent == total or share < 1, (sent, total)
        print("phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
        print(
            "CPU of this process (the peer's not counted): "
            + ", ".join(f"{k} {v:.2f} s" for k, v in cpu.items())
            + f"; {cpu['send'] / max(sent, 1) * 1000:.3f} ms a reply sent and recorded"
        )
        pulled = phases["pull+journal telegram"]
        print(
            f"telegram pull + journal (with cursor): {updates / pulled:,.0f} updates/s; "
            f"processing: {total / phases['process']:,.0f} updates/s; "
            f"sending and recording replies: {sent / phases['send']:,.0f} messages/s"
        )
        print(
            f"sync --once: {total} updates ({updates} telegram, {zalo_updates} zalo, "
            f"{chats} chats each, {share:.0%} of them reports, {sent} replies) pulled, "
            f"journalled, processed and answered in {elapsed:.2f} s: "
            f"{total / elapsed:,.0f} updates/s, {total / elapsed / TARGET:.2f} times the "
            f"{TARGET:,} aimed for; sending and recording took {phases['send'] / elapsed:.0%} "
            "of the time"
        )
        workers = syncer.sender.workers
        print(
            f"sending: {workers} threads, chats in parallel; records of accepted sends "
            f"up to {records.BATCH} to a transaction, after at most "
            f"{records.LINGER * 1000:g} ms (a kill can resend at most "
            f"{records.most_unrecorded(workers)})"
        )
        adapters = {c.name: c.adapter for c in syncer.channels}
        print(
            "pacing: off (as `tracker sync --no-pacing`); with the platforms' limits "
            "(1 message a second per chat, 20 a minute per Telegram group) these replies "
            f"alone would take {_paced_seconds(per_chat, adapters):,.0f} s"
        )
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load}, {_calibrate()}")


def _paced_seconds(per_chat: Sequence[Row[Any]], adapters: Mapping[str, Adapter]) -> float:
    """How long the real Pacer would spread these sends over (chats in parallel), on a
    simulated clock: the time from the first reply to the last."""
    moment = 0.0
    pacer = Pacer(clock=lambda: moment)
    last = 0.0
    for channel, chat, count in per_chat:
        caps = adapters[channel].capabilities
        group = caps.group_per_minute if adapters[channel].is_group(chat) else None
        moment = 0.0
        for _ in range(count):
            moment = max(moment, pacer.ready_at((channel, chat), caps.per_chat_interval, group))
            pacer.sent((channel, chat), group=group is not None)
        last = max(last, moment)
    return last


def _calibrate() -> str:
    """How fast this Python runs right now: a fixed loop, so figures can be compared."""
    started = time.perf_counter()
    total = 0
    for n in range(2_000_000):
        total += n
    return f"2M-addition loop in {time.perf_counter() - started:.2f} s (about 0.1 s when idle)"


def _morning():  # type: ignore[no-untyped-def]
    from tracker.clock import parse_moment

    return parse_moment("2026-11-22T09:00")  # before digest time: replies only


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=5000, help="Telegram updates")
    parser.add_argument("--zalo", type=int, default=500, help="Zalo events")
    parser.add_argument("--chats", type=int, default=50, help="group chats per channel")
    parser.add_argument(
        "--reports",
        type=float,
        default=1.0,
        help="share of updates that are reports (the rest chat)",
    )
    options = parser.parse_args()
    run(options.updates, options.zalo, options.chats, options.reports)
