"""The same day's messages, received by polling or posted to `tracker serve`, give the
same counts and the same replies after `tracker sync --once`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from starlette.testclient import TestClient

from tests.adapters.fake_telegram import FakeTelegram
from tests.adapters.fake_zalo import FakeZalo
from tests.conftest import Tracker
from tests.e2e.conftest import Live
from tests.factories import build_world
from tracker.config import load_settings
from tracker.store.models import InboundMessage, OutboxMessage, ReportEntry, ReviewItem
from tracker.webapp import make_app
from tracker.webhooks import Webhooks

NOW = "2026-11-22T17:30"
SECRETS = {
    "TRACKER_TELEGRAM_WEBHOOK_SECRET": "tg-hook-secret",
    "TRACKER_ZALO_WEBHOOK_SECRET": "zalo-hook-secret",
}


def _the_day(tg: FakeTelegram, zalo: FakeZalo) -> tuple[list[Any], list[Any]]:
    team_chat, commune_chat = "-1001000000002", "-1001000000001"
    updates = [
        tg.post(team_chat, "1001", "/bc ttdt 12, dvc 5", name="Nguyễn Văn An"),
        tg.post(team_chat, "1002", "/bc ttdt 3", name="Trần Thị Bình"),
        tg.post(team_chat, "5555", "/bc ttdt 4", name="Người Lạ"),
        tg.post(team_chat, "1001", "chào cả nhà, mai họp nhé"),
        tg.post(commune_chat, "1003", "/bc dvc 2", name="Lê Văn Cường"),
    ]
    events = [
        zalo.post("zg-1", "z1004", "/bc ttdt 7"),
        zalo.post("zg-1", "z9999", "/bc ttdt 1", name="Ai Đó"),
    ]
    return updates, events


def _outcome(tracker: Tracker, live: Live) -> dict[str, Any]:
    with tracker.sessions()() as session:
        statuses = dict(
            session.execute(
                select(InboundMessage.status, func.count()).group_by(InboundMessage.status)
            ).all()
        )
        entries = session.scalar(select(func.count()).select_from(ReportEntry))
        review = session.scalar(select(func.count()).select_from(ReviewItem))
        outbox = session.scalar(select(func.count()).select_from(OutboxMessage))
    sent = sorted(
        [(s.chat_id, s.text, s.reply_to is not None) for s in live.telegram.sent]
        + [(s.chat_id, s.text, True) for s in live.zalo.sent]
    )
    return {
        "statuses": statuses,
        "entries": entries,
        "review": review,
        "outbox": outbox,
        "sent": sent,
    }


def test_webhooks_and_polling_agree(live: Live, tmp_path: Path, sqlite_template: Path) -> None:
    _the_day(live.telegram, live.zalo)
    live.tracker.ok("sync", "--once", "--now", NOW, "--no-pacing")
    polled = _outcome(live.tracker, live)
    live.telegram.sent.clear()
    live.zalo.sent.clear()

    shutil.copy(sqlite_template, tmp_path / "hooks.db")
    hooked = Tracker(f"sqlite:///{tmp_path / 'hooks.db'}")
    with hooked.sessions().begin() as session:
        build_world(session)
    updates, events = _the_day(FakeTelegram(), FakeZalo())  # not queued on the live servers
    settings = load_settings(db_url=hooked.db_url, environ=SECRETS)
    with TestClient(make_app(Webhooks(hooked.sessions(), settings))) as client:
        for update in updates * 2:  # every delivery twice: Telegram retries
            headers = {"X-Telegram-Bot-Api-Secret-Token": "tg-hook-secret"}
            assert client.post("/telegram", json=update, headers=headers).status_code == 200
        for event in events * 2:
            headers = {"X-Bot-Api-Secret-Token": "zalo-hook-secret"}
            assert client.post("/zalo/bot", json=event, headers=headers).status_code == 200
    hooked.ok("sync", "--once", "--now", NOW, "--no-pacing")
    webhooked = _outcome(hooked, live)

    assert polled["statuses"] == {"counted": 4, "review": 2, "ignored": 1}
    assert (polled["entries"], polled["review"], polled["outbox"]) == (5, 2, 12)
    assert webhooked == polled
