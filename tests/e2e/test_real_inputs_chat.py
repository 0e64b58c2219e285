"""Chat inputs as others write them, through the real doors (webhooks, `tracker ingest`):
what no store can hold is cleaned, not a reason to fail the platform's request forever."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import totals
from tracker.config import Settings, load_settings
from tracker.reports.pipeline import process_pending
from tracker.store.models import InboundMessage
from tracker.webapp import make_app
from tracker.webhooks import Webhooks

ENV = {
    "TRACKER_TELEGRAM_WEBHOOK_SECRET": "tg-hook-secret",
    "TRACKER_ZALO_WEBHOOK_SECRET": "zalo-hook-secret",
}
TG = {"X-Telegram-Bot-Api-Secret-Token": "tg-hook-secret"}
ZALO = {"X-Bot-Api-Secret-Token": "zalo-hook-secret"}


@pytest.fixture
def client(tracker: Tracker) -> Iterator[TestClient]:
    with tracker.sessions().begin() as session:
        build_world(session)
    settings = load_settings(db_url=tracker.db_url, environ=ENV)
    app = make_app(Webhooks(tracker.sessions(), settings))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _update(update_id: int, text: str, first_name: str = "Bình") -> bytes:
    # Written by hand as JSON so that the escapes are exactly what the wire carries.
    sender = {"id": 1002, "is_bot": False, "first_name": first_name, "last_name": "Trần Thị"}
    message = {
        "message_id": 4100 + update_id,
        "from": sender,
        "chat": {"id": -1001000000002, "title": "CNCĐ_Hội Yên_Ngũ Hùng", "type": "supergroup"},
        "date": 1794451260,
        "text": text,
    }
    return json.dumps({"update_id": update_id, "message": message}).encode()


def test_nul_and_half_surrogates_in_a_telegram_update_are_journalled_and_counted(
    client: TestClient, tracker: Tracker
) -> None:
    """`\\u0000` (PostgreSQL refuses it in text and JSONB) and a lone `\\ud83d` (not
    UTF-8) made the journal write fail: 503, and Telegram resends the update forever."""
    bodies = [
        _update(1, "/bc ttdt 2\u0000"),
        _update(2, "/bc ttdt 3", first_name="B\u0000ình"),
        _update(3, "/bc ttdt 4 \ud83d"),
    ]
    for body in bodies:
        answer = client.post("/telegram", content=body, headers=TG)
        assert (answer.status_code, answer.json()) == (200, {"ok": True, "new": 1})
    sessions = tracker.sessions()
    stats = process_pending(sessions, Settings(db_url="sqlite://"))
    assert (stats.counted, stats.failed) == (3, 0)
    with sessions() as session:
        assert totals(session) == {("CNCD_HoiYen_NguHung", "ttdt"): 9}
        rows = list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))
        assert [r.text for r in rows] == ["/bc ttdt 2", "/bc ttdt 3", "/bc ttdt 4 \ufffd"]
        assert rows[1].sender_name == "Bình Trần Thị"
        assert rows[0].raw["message"]["text"] == "/bc ttdt 2"
