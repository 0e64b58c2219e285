"""Telegram refuses some chats for good (403 kicked, 400 chat not found) while the other
chats are being sent to: on one SQLite file, the sender threads record their sends while
another thread marks the lost chat inactive and queues the officers' notice. Neither may
meet SQLite's lock ("database is locked")."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from tests.e2e.conftest import Live
from tracker.messages import Outbound
from tracker.store.models import Chat, OutboxMessage, Team, Unit
from tracker.sync.outbox import queue

NOW = "2026-11-22T10:00"  # before the digest time: only what the test queues goes out
KICKED, UNKNOWN = "-1002000000001", "-1002000000002"
HEALTHY = [f"-100300000000{n}" for n in range(1, 7)]
MESSAGES_EACH = 25


def _bind_chats_and_queue(live: Live) -> None:
    """The two chats Telegram refuses belong to village teams of Ngũ Hùng (its officers'
    chat is the commune chat); six healthy chats each have a backlog, so that sends are
    being recorded whenever a refusal comes."""
    with live.tracker.sessions().begin() as session:
        hoi_yen = session.scalars(select(Team).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        phu_khe = session.scalars(select(Team).where(Team.code == "CNCD_PhuKhe_NguHung")).one()
        commune = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        session.add_all(
            [
                Chat(channel="telegram", chat_id=KICKED, title="Nhóm bị đuổi", team=hoi_yen),
                Chat(channel="telegram", chat_id=UNKNOWN, title="Nhóm đã xoá", team=phu_khe),
            ]
        )
        session.add_all(
            Chat(channel="telegram", chat_id=chat, title=f"Nhóm {n}", unit=commune)
            for n, chat in enumerate(HEALTHY)
        )
        session.flush()
        messages = [
            Outbound("telegram", chat, f"tin {n}", f"test:{chat}:{n}", "notice")
            for n in range(MESSAGES_EACH)
            for chat in [*HEALTHY[:3], KICKED, *HEALTHY[3:], UNKNOWN]
        ]
        queue(session, messages)
    live.telegram.kicked.add(KICKED)
    live.telegram.not_found.add(UNKNOWN)


def test_refused_chats_go_inactive_and_officers_are_told_while_others_send(
    live: Live,
) -> None:
    _bind_chats_and_queue(live)
    command = ["sync", "--once", "--now", NOW, "--no-pacing"]
    run = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", live.tracker.db_url, *command],
        env={**os.environ, **live.env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = run.stdout + run.stderr
    assert "locked" not in output, output
    assert run.returncode == 0, output

    with live.tracker.sessions()() as session:
        active = dict(session.execute(select(Chat.chat_id, Chat.active)).all())
        outbox = session.scalars(select(OutboxMessage)).all()
    assert active[KICKED] is False and active[UNKNOWN] is False
    assert all(active[chat] for chat in HEALTHY)
    notices = [o for o in outbox if o.idempotency_key.startswith("notice:chat-gone:")]
    assert sorted(o.idempotency_key.split(":")[3] for o in notices) == sorted([KICKED, UNKNOWN])
    assert {(o.chat_id, o.status) for o in notices} == {("-1001000000001", "sent")}
    told = [s.text for s in live.telegram.sent if s.chat_id == "-1001000000001"]
    assert any("Nhóm bị đuổi" in text for text in told)
    assert any("Nhóm đã xoá" in text for text in told)
    healthy = [s for s in live.telegram.sent if s.chat_id in HEALTHY]
    assert len(healthy) == len(HEALTHY) * MESSAGES_EACH
    refused = [o for o in outbox if o.chat_id in (KICKED, UNKNOWN)]
    assert len(refused) == 2 * MESSAGES_EACH and {o.status for o in refused} == {"failed"}
