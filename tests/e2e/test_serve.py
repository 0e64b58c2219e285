"""`tracker serve`: webhooks are journalled only when their secret or signature checks.

In-process through Starlette's TestClient, plus one smoke test of the real command
(uvicorn on a loopback port).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from adapters.zalo_oa import signature
from tests.adapters.fake_telegram import FakeTelegram
from tests.adapters.fake_zalo import FakeZalo
from tests.conftest import Tracker
from tracker.config import load_settings
from tracker.store.models import InboundMessage
from tracker.webapp import make_app
from tracker.webhooks import MAX_BODY, Webhooks

ENV = {
    "TRACKER_TELEGRAM_WEBHOOK_SECRET": "tg-hook-secret",
    "TRACKER_ZALO_WEBHOOK_SECRET": "zalo-hook-secret",
    "TRACKER_ZALO_OA_APP_ID": "4321",
    "TRACKER_ZALO_OA_SECRET_KEY": "oa-key",
}
TG = {"X-Telegram-Bot-Api-Secret-Token": "tg-hook-secret"}


@pytest.fixture
def client(sqlite_tracker: Tracker) -> Iterator[TestClient]:
    settings = load_settings(db_url=sqlite_tracker.db_url, environ=ENV)
    with TestClient(make_app(Webhooks(sqlite_tracker.sessions(), settings))) as client:
        yield client


def _rows(tracker: Tracker) -> list[tuple[str, str, str]]:
    with tracker.sessions()() as session:
        rows = session.scalars(select(InboundMessage).order_by(InboundMessage.id))
        return [(r.channel, r.chat_id, r.text) for r in rows]


def oa_event(event_name: str, msg_id: str, text: str, recipient: str = "oa-1") -> bytes:
    return json.dumps(
        {
            "app_id": "4321",
            "event_name": event_name,
            "timestamp": "1795000000000",
            "sender": {"id": "oa-user-1"},
            "recipient": {"id": recipient},
            "message": {"msg_id": msg_id, "text": text},
        }
    ).encode()


def test_telegram_updates_need_the_secret_token(
    client: TestClient, sqlite_tracker: Tracker
) -> None:
    update = FakeTelegram().post("-1001000000002", "1001", "/bc ttdt 4")
    wrong = client.post("/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "x"})
    missing = client.post("/telegram", json=update)
    assert (wrong.status_code, missing.status_code) == (403, 403)
    assert _rows(sqlite_tracker) == []
    ok = client.post("/telegram", json=update, headers=TG)
    again = client.post("/telegram", json=update, headers=TG)
    assert ok.json() == {"ok": True, "new": 1} and again.json() == {"ok": True, "new": 0}
    assert again.status_code == 200
    assert _rows(sqlite_tracker) == [("telegram", "-1001000000002", "/bc ttdt 4")]


def test_zalo_bot_events_need_their_secret(client: TestClient, sqlite_tracker: Tracker) -> None:
    event = FakeZalo().post("zg-1", "z1004", "/bc dvc 2")
    assert client.post("/zalo/bot", json=event).status_code == 403
    forged = client.post("/zalo/bot", json=event, headers={"X-Bot-Api-Secret-Token": "x"})
    assert forged.status_code == 403
    assert _rows(sqlite_tracker) == []
    headers = {"X-Bot-Api-Secret-Token": "zalo-hook-secret"}
    answers = [client.post("/zalo/bot", json=event, headers=headers) for _ in range(2)]
    assert [a.json() for a in answers] == [{"ok": True, "new": 1}, {"ok": True, "new": 0}]
    assert _rows(sqlite_tracker) == [("zalo", "zg-1", "/bc dvc 2")]


@pytest.mark.parametrize("prefix", ["mac=", ""])
def test_zalo_oa_events_need_a_good_signature(
    client: TestClient, sqlite_tracker: Tracker, prefix: str
) -> None:
    body = oa_event("user_send_text", "m-1", "/bc ttdt 1")
    good = prefix + signature("4321", body, "1795000000000", "oa-key")
    bad = prefix + signature("4321", body + b" ", "1795000000000", "oa-key")
    wrong_key = prefix + signature("4321", body, "1795000000000", "not-the-key")
    for header in (bad, wrong_key, ""):
        answer = client.post("/zalo/oa", content=body, headers={"X-ZEvent-Signature": header})
        assert answer.status_code == 403
    assert client.post("/zalo/oa", content=body).status_code == 403
    assert _rows(sqlite_tracker) == []
    answers = [
        client.post("/zalo/oa", content=body, headers={"X-ZEvent-Signature": good})
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a.json()["new"] for a in answers] == [1, 0]
    assert _rows(sqlite_tracker) == [("zalo_oa", "oa-user-1", "/bc ttdt 1")]


def test_zalo_oa_group_events_are_journalled_under_the_group(
    client: TestClient, sqlite_tracker: Tracker
) -> None:
    body = oa_event("user_send_group_text", "g-1", "/bc dvc 3", recipient="group-77")
    header = {"X-ZEvent-Signature": signature("4321", body, "1795000000000", "oa-key")}
    assert client.post("/zalo/oa", content=body, headers=header).json()["new"] == 1
    assert client.post("/zalo/oa", content=body, headers=header).json()["new"] == 0
    assert _rows(sqlite_tracker) == [("zalo_oa", "group:group-77", "/bc dvc 3")]


def test_an_oversized_body_is_refused(client: TestClient, sqlite_tracker: Tracker) -> None:
    update = FakeTelegram().post("-1001000000002", "1001", "x" * (MAX_BODY + 1))
    answer = client.post("/telegram", json=update, headers=TG)
    assert answer.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit still holds
        yield b'{"update_id": 1, "pad": "'
        for _ in range(MAX_BODY // 65536 + 1):
            yield b"y" * 65536
        yield b'"}'

    assert client.post("/telegram", content=chunks(), headers=TG).status_code == 413
    assert _rows(sqlite_tracker) == []


def test_health_and_the_rest(client: TestClient, sqlite_tracker: Tracker) -> None:
    assert client.get("/healthz").json() == {"ok": True}
    assert client.get("/telegram").status_code == 405
    assert client.post("/elsewhere", json={}).status_code == 404
    assert client.post("/telegram", content=b"{", headers=TG).status_code == 400
    assert client.post("/telegram", json={"x": 1}, headers=TG).status_code == 400
    with sqlite_tracker.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 0


def test_an_endpoint_without_a_configured_secret_refuses_everything(
    sqlite_tracker: Tracker,
) -> None:
    settings = load_settings(db_url=sqlite_tracker.db_url, environ={})
    app = make_app(Webhooks(sqlite_tracker.sessions(), settings))
    update = FakeTelegram().post("-1", "1", "hi")
    with TestClient(app) as client:
        empty = {"X-Telegram-Bot-Api-Secret-Token": ""}
        assert client.post("/telegram", json=update, headers=empty).status_code == 403
        assert client.post("/zalo/bot", json=update).status_code == 403
    assert _rows(sqlite_tracker) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_tracker_serve_runs_uvicorn_on_loopback(sqlite_tracker: Tracker) -> None:
    port = _free_port()
    env = {**os.environ, **ENV, "TRACKER_DB_URL": sqlite_tracker.db_url}
    command = [sys.executable, "-m", "tracker", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        update = FakeTelegram().post("-1001000000002", "1001", "/bc ttdt 4")
        assert httpx.post(f"{base}/telegram", json=update).status_code == 403
        assert httpx.post(f"{base}/telegram", json=update, headers=TG).json()["new"] == 1
        assert httpx.post(f"{base}/telegram", json=update, headers=TG).json()["new"] == 0
    finally:
        server.terminate()
        server.wait(10)
    assert _rows(sqlite_tracker) == [("telegram", "-1001000000002", "/bc ttdt 4")]


def test_the_oa_keys_can_come_from_the_config_file(
    sqlite_tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TRACKER_ZALO_OA_APP_ID", "TRACKER_ZALO_OA_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "tracker.toml"
    config.write_text('[zalo_oa]\napp_id = "4321"\nsecret_key = "oa-key"\n', encoding="utf-8")
    settings = load_settings(db_url=sqlite_tracker.db_url, config_file=config, environ={})
    body = oa_event("user_send_text", "m-9", "/bc dvc 1")
    header = {"X-ZEvent-Signature": signature("4321", body, "1795000000000", "oa-key")}
    with TestClient(make_app(Webhooks(sqlite_tracker.sessions(), settings))) as client:
        assert client.post("/zalo/oa", content=body, headers=header).json()["new"] == 1
    assert _rows(sqlite_tracker) == [("zalo_oa", "oa-user-1", "/bc dvc 1")]
