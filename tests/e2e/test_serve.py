"""`tracker serve`: webhooks are journalled only when their secret or signature checks."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from adapters.zalo_oa import signature
from tests.adapters.fake_telegram import FakeTelegram
from tests.adapters.fake_zalo import FakeZalo
from tests.conftest import Tracker
from tracker.config import load_settings
from tracker.store.models import InboundMessage
from tracker.webhooks import Webhooks, make_server

ENV = {
    "TRACKER_TELEGRAM_WEBHOOK_SECRET": "tg-hook-secret",
    "TRACKER_ZALO_WEBHOOK_SECRET": "zalo-hook-secret",
    "TRACKER_ZALO_OA_APP_ID": "4321",
    "TRACKER_ZALO_OA_SECRET_KEY": "oa-key",
}


@pytest.fixture
def base(sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(db_url=sqlite_tracker.db_url)
    server = make_server(Webhooks(sqlite_tracker.sessions(), settings, ENV), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _rows(tracker: Tracker) -> list[tuple[str, str, str]]:
    with tracker.sessions()() as session:
        rows = session.scalars(select(InboundMessage).order_by(InboundMessage.id))
        return [(r.channel, r.chat_id, r.text) for r in rows]


def test_telegram_updates_need_the_secret_token(base: str, sqlite_tracker: Tracker) -> None:
    update = FakeTelegram().post("-1001000000002", "1001", "/bc ttdt 4")
    wrong = httpx.post(
        f"{base}/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
    )
    missing = httpx.post(f"{base}/telegram", json=update)
    assert (wrong.status_code, missing.status_code) == (403, 403)
    assert _rows(sqlite_tracker) == []
    headers = {"X-Telegram-Bot-Api-Secret-Token": "tg-hook-secret"}
    ok = httpx.post(f"{base}/telegram", json=update, headers=headers)
    again = httpx.post(f"{base}/telegram", json=update, headers=headers)
    assert ok.json() == {"ok": True, "new": 1} and again.json() == {"ok": True, "new": 0}
    assert _rows(sqlite_tracker) == [("telegram", "-1001000000002", "/bc ttdt 4")]


def test_zalo_bot_events_need_their_secret(base: str, sqlite_tracker: Tracker) -> None:
    event = FakeZalo().post("zg-1", "z1004", "/bc dvc 2")
    url = f"{base}/zalo/bot"
    assert httpx.post(url, json=event, headers={"X-Bot-Api-Secret-Token": "x"}).status_code == 403
    answer = httpx.post(url, json=event, headers={"X-Bot-Api-Secret-Token": "zalo-hook-secret"})
    assert answer.status_code == 200
    assert _rows(sqlite_tracker) == [("zalo", "zg-1", "/bc dvc 2")]


def test_zalo_oa_events_need_a_good_signature(base: str, sqlite_tracker: Tracker) -> None:
    body = json.dumps(
        {
            "app_id": "4321",
            "event_name": "user_send_text",
            "timestamp": "1795000000000",
            "sender": {"id": "oa-user-1"},
            "recipient": {"id": "oa-1"},
            "message": {"msg_id": "m-1", "text": "/bc ttdt 1"},
        }
    ).encode()
    good = "mac=" + signature("4321", body, "1795000000000", "oa-key")
    bad = "mac=" + signature("4321", body + b" ", "1795000000000", "oa-key")
    url = f"{base}/zalo/oa"
    assert httpx.post(url, content=body, headers={"X-ZEvent-Signature": bad}).status_code == 403
    assert _rows(sqlite_tracker) == []
    answer = httpx.post(url, content=body, headers={"X-ZEvent-Signature": good})
    assert answer.status_code == 200
    assert _rows(sqlite_tracker) == [("zalo_oa", "oa-user-1", "/bc ttdt 1")]


def test_health_and_the_rest(base: str, sqlite_tracker: Tracker) -> None:
    assert httpx.get(f"{base}/healthz").json() == {"ok": True}
    assert httpx.get(f"{base}/telegram").status_code == 404
    headers = {"X-Telegram-Bot-Api-Secret-Token": "tg-hook-secret"}
    assert httpx.post(f"{base}/telegram", content=b"{", headers=headers).status_code == 400
    assert httpx.post(f"{base}/telegram", json={"x": 1}, headers=headers).status_code == 400
    with sqlite_tracker.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 0


def test_an_endpoint_without_a_configured_secret_refuses_everything(
    sqlite_tracker: Tracker,
) -> None:
    settings = load_settings(db_url=sqlite_tracker.db_url, environ={})
    hooks = Webhooks(sqlite_tracker.sessions(), settings, {})
    update = json.dumps(FakeTelegram().post("-1", "1", "hi")).encode()
    status, _ = hooks.handle("POST", "/telegram", {"X-Telegram-Bot-Api-Secret-Token": ""}, update)
    assert status == 403
