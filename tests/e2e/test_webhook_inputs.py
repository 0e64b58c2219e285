"""Webhook payloads as platforms really send them: malformed ones get 400 and one line,
Zalo's documented samples without `event_name` are messages, and a forwarded report is
journalled but not counted for the one who forwarded it, who is told so."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from tests.conftest import Tracker
from tests.e2e.conftest import Live
from tests.factories import build_world
from tests.pipeline_helpers import totals
from tracker.config import Settings, load_settings
from tracker.reports.pipeline import process_pending
from tracker.store.models import InboundMessage, OutboxMessage
from tracker.webapp import make_app
from tracker.webhooks import Webhooks

ENV = {
    "TRACKER_TELEGRAM_WEBHOOK_SECRET": "tg-hook-secret",
    "TRACKER_ZALO_WEBHOOK_SECRET": "zalo-hook-secret",
}
TG = {"X-Telegram-Bot-Api-Secret-Token": "tg-hook-secret"}
ZALO = {"X-Bot-Api-Secret-Token": "zalo-hook-secret"}

# A supergroup message as the Bot API sends it (captured shape, ids of the test world).
MESSAGE = {
    "message_id": 4021,
    "from": {
        "id": 1002,
        "is_bot": False,
        "first_name": "Bình",
        "last_name": "Trần Thị",
        "language_code": "vi",
    },
    "chat": {"id": -1001000000002, "title": "CNCĐ_Hội Yên_Ngũ Hùng", "type": "supergroup"},
    "date": 1794451260,
    "text": "/bc ttdt 12",
    "entities": [{"offset": 0, "length": 3, "type": "bot_command"}],
}


@pytest.fixture
def client(sqlite_tracker: Tracker) -> Iterator[TestClient]:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
    settings = load_settings(db_url=sqlite_tracker.db_url, environ=ENV)
    with TestClient(make_app(Webhooks(sqlite_tracker.sessions(), settings))) as client:
        yield client


def _journal(tracker: Tracker) -> list[InboundMessage]:
    with tracker.sessions()() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def _update(update_id: int, **changes: object) -> dict[str, object]:
    message = {**MESSAGE, **changes}
    return {"update_id": update_id, "message": {k: v for k, v in message.items() if v is not None}}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (json.dumps(_update(1, message_id=None)), "update 1: 'message' has no message_id"),
        (json.dumps(_update(2, chat={"title": "x"})), "update 2: 'message' has no chat id"),
        (json.dumps(_update(3, date="hôm qua")), "update 3: 'message.date' is not a unix time"),
        (json.dumps(_update(4, **{"from": "Bình"})), "update 4: 'message.from' has no id"),
        (
            json.dumps({"update_id": 5, "edited_message": {**MESSAGE, "edit_date": "x"}}),
            "update 5: 'edited_message.edit_date' is not a unix time",
        ),
        (json.dumps([_update(6)]), "the body is not a JSON object"),
        ("{update_id: 7", "the body is not JSON"),
        (json.dumps({"update_id": 8, "message": "xin chào"}), "'message' is not an object"),
    ],
    ids=[
        "no message_id",
        "no chat id",
        "bad date",
        "bad from",
        "bad edit_date",
        "array",
        "not JSON",
        "message not an object",
    ],
)
def test_a_malformed_telegram_update_gets_400_and_one_line(
    client: TestClient, sqlite_tracker: Tracker, body: str, says: str
) -> None:
    answer = client.post("/telegram", content=body.encode(), headers=TG)
    assert answer.status_code == 400
    description = answer.json()["description"]
    assert says in description and "\n" not in description
    assert _journal(sqlite_tracker) == []
    # The endpoint goes on working.
    assert client.post("/telegram", json=_update(9), headers=TG).json() == {"ok": True, "new": 1}


def test_a_zalo_event_without_event_name_is_a_message(
    client: TestClient, sqlite_tracker: Tracker
) -> None:
    # The shape of the Zalo Bot Platform's documented webhook sample.
    sample = {
        "ok": True,
        "result": {
            "message": {
                "from": {"id": "z1004", "display_name": "Phạm Thị Dung", "is_bot": False},
                "chat": {"id": "zg-1", "chat_type": "GROUP"},
                "text": "/bc dvc 2",
                "message_id": "2d758cb5e222177a4e35",
                "date": 1794451260000,
            }
        },
    }
    named = {
        "message": {
            "from": {"id": "z1001", "first_name": "An", "last_name": "Nguyễn"},
            "chat": {"id": "zg-1", "chat_type": "GROUP"},
            "text": "/bc ttdt 1",
            "message_id": "m-2",
            "date": 1794451261000,
        },
        "event_name": "message.text.received",
    }
    assert client.post("/zalo/bot", json=sample, headers=ZALO).json() == {"ok": True, "new": 1}
    assert client.post("/zalo/bot", json=named, headers=ZALO).json() == {"ok": True, "new": 1}
    rows = _journal(sqlite_tracker)
    assert [(r.sender_name, r.text, r.status) for r in rows] == [
        ("Phạm Thị Dung", "/bc dvc 2", "pending"),
        ("An Nguyễn", "/bc ttdt 1", "pending"),
    ]
    broken = {"message": {"chat": {"id": "zg-1"}, "text": "/bc dvc 1"}}
    answer = client.post("/zalo/bot", json=broken, headers=ZALO)
    assert answer.status_code == 400
    assert answer.json()["description"] == "Zalo Bot event: 'message' has no message_id"


@pytest.mark.parametrize(
    "forward",
    [
        # Bot API 7.0 and later.
        {
            "forward_origin": {
                "type": "user",
                "sender_user": {"id": 1001, "is_bot": False, "first_name": "An"},
                "date": 1794451000,
            }
        },
        # Before 7.0: the original sender, or only a name when they hide their account.
        {"forward_from": {"id": 1001, "is_bot": False, "first_name": "An"}, "forward_date": 1},
        {"forward_sender_name": "Nguyễn Văn An", "forward_date": 1794451000},
    ],
    ids=["forward_origin", "forward_from", "forward_sender_name"],
)
def test_a_forwarded_report_is_journalled_not_counted_and_answered(
    client: TestClient, sqlite_tracker: Tracker, forward: dict[str, object]
) -> None:
    update = _update(10, **forward)
    assert client.post("/telegram", json=update, headers=TG).json() == {"ok": True, "new": 1}
    sessions = sqlite_tracker.sessions()
    stats = process_pending(sessions, Settings(db_url="sqlite://"))
    assert (stats.counted, stats.ignored, stats.replies) == (0, 1, 1)
    with sessions() as session:
        assert totals(session) == {}
        row = session.scalars(select(InboundMessage)).one()
        assert row.forwarded and row.status == "ignored"
        reply = session.scalars(select(OutboxMessage)).one()
        assert reply.reply_to == "4021"
        assert reply.text.startswith("Chưa tính: tin nhắn chuyển tiếp")


def test_an_adapter_tripping_on_a_payload_gives_400_not_500(
    client: TestClient, sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever an adapter (a plugin, say) raises on a shape it did not expect."""
    from adapters.telegram import TelegramAdapter

    def trips(self: object, payload: dict[str, object]) -> list[object]:
        raise KeyError("chat")

    monkeypatch.setattr(TelegramAdapter, "parse_webhook", trips)
    answer = client.post("/telegram", json=_update(11), headers=TG)
    assert answer.status_code == 400
    assert answer.json()["description"] == "malformed payload (KeyError: 'chat')"
    assert _journal(sqlite_tracker) == []


def test_polling_passes_over_a_malformed_update_and_goes_on(live: Live) -> None:
    """The same malformed update by getUpdates: stopping on it would stop polling for
    good (its offset never confirmed); it is passed over, what follows is taken."""
    broken = _update(next(live.telegram._update_ids), message_id=None)
    with live.telegram.lock:
        live.telegram.updates.append(broken)
    live.telegram.post("-1001000000002", "1002", "/bc ttdt 3", name="Trần Thị Bình")
    result = live.tracker.ok("sync", "--once", "--now", "2026-11-22T10:00", "--no-pacing")
    assert "received 1, counted 1" in result.stderr
    again = live.tracker.ok("sync", "--once", "--now", "2026-11-22T10:01", "--no-pacing")
    assert "received 0," in again.stderr
