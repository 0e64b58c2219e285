"""Everything on one SQLite file at once, as on a commune's server: `tracker serve` under a
burst of webhooks, `tracker sync` in its loop replying through a Bot API that refuses
some chats for good (403 kicked, 400 chat not found), an officer editing quotas the way
the TUI does, and `tracker import` run again and again. SQLite has one writer at a time;
none of them may fail or say "database is locked", and nothing may be lost or doubled."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.e2e.conftest import Live
from tracker.periods import Period
from tracker.quotas import set_quota
from tracker.store.models import Chat, InboundMessage, OutboxMessage, Team

pytestmark = pytest.mark.slow

SECRET = "tg-hook-secret"
TEAM_CHAT, COMMUNE_CHAT = "-1001000000002", "-1001000000001"
KICKED, UNKNOWN = "-1002000000001", "-1002000000002"
# (chat, member posting there): members of the teams the chats are bound to.
SENDERS = [(TEAM_CHAT, "1001"), (COMMUNE_CHAT, "1003"), (KICKED, "1002"), (UNKNOWN, "1003")]
BURST = 160  # webhook posts, sent 8 at a time


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _bind_refused_chats(live: Live) -> None:
    with live.tracker.sessions().begin() as session:
        teams = {t.code: t for t in session.scalars(select(Team))}
        session.add_all(
            [
                Chat(
                    channel="telegram",
                    chat_id=KICKED,
                    title="Nhóm bị đuổi",
                    team=teams["CNCD_HoiYen_NguHung"],
                ),
                Chat(
                    channel="telegram",
                    chat_id=UNKNOWN,
                    title="Nhóm đã xoá",
                    team=teams["CNCD_PhuKhe_NguHung"],
                ),
            ]
        )
    live.telegram.kicked.add(KICKED)
    live.telegram.not_found.add(UNKNOWN)


class Background:
    """The processes and threads that share the store with `tracker serve`."""

    def __init__(self, live: Live, env: dict[str, str], quotas: Path) -> None:
        self.live = live
        self.env = env
        self.quotas = quotas
        self.stop = threading.Event()
        self.imports: list[subprocess.CompletedProcess[str]] = []
        self.edits = 0
        self.edit_errors: list[str] = []
        self.threads = [
            threading.Thread(target=self._import_loop, daemon=True),
            threading.Thread(target=self._edit_loop, daemon=True),
        ]

    def _import_loop(self) -> None:
        command = [sys.executable, "-m", "tracker", "--db", self.live.tracker.db_url]
        while not self.stop.is_set():
            self.imports.append(
                subprocess.run(
                    [*command, "import", "quotas", str(self.quotas)],
                    env=self.env,
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
            )

    def _edit_loop(self) -> None:
        """What the TUI's quota screen does when an officer saves a cell."""
        sessions = self.live.tracker.sessions()
        period = Period.parse("2026-11")
        while not self.stop.is_set():
            target = str(20 + self.edits % 7)
            try:
                with sessions() as session, session.begin():
                    set_quota(session, "CNCD_HoiYen_NguHung", "dvc", period, target, "Cán bộ")
                self.edits += 1
            except Exception as error:
                self.edit_errors.append(f"{type(error).__name__}: {error}")
            self.stop.wait(0.02)

    def __enter__(self) -> Background:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(150)


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture
def serve(live: Live) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    env = {**os.environ, **live.env, "TRACKER_TELEGRAM_WEBHOOK_SECRET": SECRET}
    command = [sys.executable, "-m", "tracker", "--db", live.tracker.db_url]
    server = _start([*command, "serve", "--port", str(port)], env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    yield base, server
    if server.poll() is None:
        server.terminate()
        server.wait(30)


def _settled(live: Live) -> bool:
    """Every journalled message processed and every reply sent or failed."""
    with live.tracker.sessions()() as session:
        waiting = session.scalar(
            select(func.count())
            .select_from(InboundMessage)
            .where(InboundMessage.status == "pending")
        )
        unsent = session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "pending")
        )
    return waiting == 0 and unsent == 0


def test_serve_sync_tui_and_import_share_one_sqlite_file(
    live: Live, serve: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, server = serve
    _bind_refused_chats(live)
    quotas = tmp_path / "chi-tieu.csv"
    quotas.write_text(
        "team;indicator;period;target\n"
        "CNCD_PhuKhe_NguHung;dvc;2026-11;25\n"
        "CNCD_DongTao_DoanTung;ttdt;2026-11;30%\n",
        encoding="utf-8",
    )
    env = {**os.environ, **live.env}
    command = [sys.executable, "-m", "tracker", "--db", live.tracker.db_url]
    updates: list[dict[str, Any]] = []
    for n in range(BURST):
        chat, sender = SENDERS[n % len(SENDERS)]
        updates.append(live.telegram.post(chat, sender, f"/bc ttdt {n % 5 + 1}"))
    live.telegram.updates.clear()  # they come by webhook, not by getUpdates

    def post(update: dict[str, Any]) -> dict[str, Any]:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        answer = httpx.post(f"{base}/telegram", json=update, headers=headers, timeout=60)
        return {"status": answer.status_code, **answer.json()}

    with Background(live, env, quotas) as background:
        sync = _start([*command, "sync", "--no-pacing"], env)
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(post, updates))
            again = list(pool.map(post, updates[:20]))  # Telegram delivers some twice
        deadline = time.monotonic() + 120
        while not _settled(live) and time.monotonic() < deadline:
            time.sleep(0.5)
        while len(background.imports) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
        sync.send_signal(signal.SIGTERM)
        _, sync_log = sync.communicate(timeout=60)
    server.send_signal(signal.SIGTERM)
    _, serve_log = server.communicate(timeout=30)

    outputs = [sync_log, serve_log, *(run.stdout + run.stderr for run in background.imports)]
    assert not [text for text in outputs if "locked" in text or "Traceback" in text], outputs
    assert sync.returncode == 0 and "cycle failed" not in sync_log, sync_log
    assert [run.returncode for run in background.imports] == [0] * len(background.imports)
    assert background.edit_errors == [] and background.edits > 0

    assert [a["status"] for a in answers + again] == [200] * (BURST + 20)
    assert [a["new"] for a in answers] == [1] * BURST and [a["new"] for a in again] == [0] * 20
    with live.tracker.sessions()() as session:
        journal = session.execute(
            select(InboundMessage.chat_id, InboundMessage.message_id, InboundMessage.status)
        ).all()
        chats = dict(session.execute(select(Chat.chat_id, Chat.active)).all())
        notices = session.scalars(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == "notice")
        ).all()
    posted = {(str(u["message"]["chat"]["id"]), str(u["message"]["message_id"])) for u in updates}
    assert sorted((chat, message) for chat, message, _ in journal) == sorted(posted)
    assert {status for *_, status in journal} == {"counted"}
    assert chats[KICKED] is False and chats[UNKNOWN] is False and chats[TEAM_CHAT] is True
    assert sorted(key.split(":")[3] for key in notices) == sorted([KICKED, UNKNOWN])
    healthy = [
        s.reply_to for s in live.telegram.replies() if s.chat_id in (TEAM_CHAT, COMMUNE_CHAT)
    ]
    assert len(healthy) == len(set(healthy)) == BURST // 2  # each report answered once
