"""Chat inputs as others write them, through the real doors (webhooks, `tracker ingest`):
what no store can hold is cleaned, not a reason to fail the platform's request forever."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from adapters.zalo_oa import signature
from tests.conftest import Tracker
from tests.e2e.conftest import Live
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
    "TRACKER_ZALO_OA_APP_ID": "4321",
    "TRACKER_ZALO_OA_SECRET_KEY": "oa-key",
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


def _update(update_id: int, text: str, first_name: str = "Bình", date: int = 1794451260) -> bytes:
    # Written by hand as JSON so that the escapes are exactly what the wire carries.
    sender = {"id": 1002, "is_bot": False, "first_name": first_name, "last_name": "Trần Thị"}
    message = {
        "message_id": 4100 + update_id,
        "from": sender,
        "chat": {"id": -1001000000002, "title": "CNCĐ_Hội Yên_Ngũ Hùng", "type": "supergroup"},
        "date": date,
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


def _oa(event: dict[str, object]) -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"app_id": "4321", "oa_id": "oa-1", **event}).encode()
    mac = signature("4321", body, str(event.get("timestamp", "")), "oa-key")
    return body, {"X-ZEvent-Signature": f"mac={mac}"}


@pytest.mark.parametrize(
    ("path", "body", "says"),
    [
        (
            "/telegram",
            _update(9, "/bc ttdt 1", date=10**20),
            "update 9: 'message.date' is not a unix time",
        ),
        (
            "/zalo/bot",
            json.dumps(
                {
                    "ok": True,
                    "result": {
                        "event_name": "message.text.received",
                        "message": {
                            "from": {"id": "z1004", "display_name": "Dung", "is_bot": False},
                            "chat": {"id": "zg-1", "chat_type": "GROUP"},
                            "text": "/bc dvc 2",
                            "message_id": "m-9",
                            "date": 10**22,
                        },
                    },
                }
            ).encode(),
            "Zalo Bot event: 'message.date' is not a time in milliseconds",
        ),
    ],
    ids=["telegram", "zalo bot"],
)
def test_a_time_past_the_year_9999_is_a_400_not_a_500(
    client: TestClient, tracker: Tracker, path: str, body: bytes, says: str
) -> None:
    headers = TG if path == "/telegram" else ZALO
    answer = client.post(path, content=body, headers=headers)
    assert (answer.status_code, answer.json()["description"]) == (400, says)
    with tracker.sessions()() as session:
        assert session.scalars(select(InboundMessage)).all() == []


def test_zalo_oa_events_without_msg_id_or_with_a_bad_timestamp_are_refused(
    client: TestClient, tracker: Tracker
) -> None:
    """Two stickers without `msg_id` were one journal row (the second lost); a
    timestamp past the year 9999 was a 500."""
    sticker = {
        "event_name": "user_send_sticker",
        "timestamp": 1794451260000,
        "sender": {"id": "oa-user-1"},
        "recipient": {"id": "oa-1"},
        "message": {"attachments": [{"type": "sticker", "payload": {"id": "st1"}}]},
    }
    answer = client.post("/zalo/oa", content=_oa(sticker)[0], headers=_oa(sticker)[1])
    assert answer.status_code == 400
    assert (
        answer.json()["description"] == "Zalo OA event user_send_sticker: 'message' has no msg_id"
    )
    late = {**sticker, "event_name": "user_send_text", "timestamp": str(10**22)}
    late["message"] = {"msg_id": "m1", "text": "/bc ttdt 1"}
    answer = client.post("/zalo/oa", content=_oa(late)[0], headers=_oa(late)[1])
    assert answer.status_code == 400
    assert "'timestamp' is not a time in milliseconds" in answer.json()["description"]
    # Every spelling of a good timestamp (a number, a string of digits) is taken.
    for number, stamp in enumerate([1794451260000, "1794451261000", 1794451262000.0]):
        good = {**late, "timestamp": stamp, "message": {"msg_id": f"m{number}", "text": "hi"}}
        answer = client.post("/zalo/oa", content=_oa(good)[0], headers=_oa(good)[1])
        assert answer.json() == {"ok": True, "new": 1}


def test_serve_tells_a_command_for_another_bot_with_the_configured_bot(live: Live) -> None:
    """`tracker serve` built its Telegram adapter without the token: getMe could not
    answer, so `/bc@another_bot …` arriving by webhook was counted as ours."""
    settings = load_settings(db_url=live.tracker.db_url, environ={**live.env, **ENV})
    with TestClient(make_app(Webhooks(live.tracker.sessions(), settings))) as client:
        for number, text in enumerate(["/bc@another_bot ttdt 5", "/bc@CNCD_bot ttdt 2"]):
            answer = client.post("/telegram", content=_update(20 + number, text), headers=TG)
            assert answer.json() == {"ok": True, "new": 1}
    sessions = live.tracker.sessions()
    stats = process_pending(sessions, Settings(db_url="sqlite://"))
    assert stats.counted == 1
    with sessions() as session:
        assert totals(session) == {("CNCD_HoiYen_NguHung", "ttdt"): 2}
        other = session.scalars(select(InboundMessage).order_by(InboundMessage.id)).first()
        assert other is not None and other.status == "ignored"
        assert "@another_bot" in (other.reason or "")
    assert len(live.telegram.calls_to("getMe")) == 1


def test_ingest_refuses_the_html_export_saying_how_to_get_the_json(
    tracker: Tracker, tmp_path: Path
) -> None:
    """Telegram Desktop exports HTML unless told otherwise: `messages.html`."""
    html = tmp_path / "ChatExport_2026-11-21" / "messages.html"
    html.parent.mkdir()
    html.write_text(
        '<!DOCTYPE html>\n<html>\n <head>\n  <meta charset="utf-8"/>\n'
        "  <title>Exported Data</title>\n </head>\n <body>\n"
        '  <div class="page_wrap"><div class="page_header">CNCĐ_Hội Yên</div></div>\n'
        " </body>\n</html>\n",
        encoding="utf-8",
    )
    refused = tracker("ingest", str(html))
    assert refused.exit_code == 1 and refused.output.count("\n") == 1
    assert "HTML, not JSON" in refused.output and "Machine-readable JSON" in refused.output
    with tracker.sessions()() as session:
        assert session.scalars(select(InboundMessage)).all() == []


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/telegram", TG, 400),
        ("/zalo/bot", ZALO, 400),
        ("/zalo/oa", {"X-ZEvent-Signature": "mac=0"}, 403),
    ],
)
def test_json_nested_past_the_stack_is_refused_not_a_500(
    client: TestClient, tracker: Tracker, path: str, headers: dict[str, str], status: int
) -> None:
    """Half a megabyte of `[` is valid-looking JSON that Python cannot nest: the /zalo/oa
    endpoint read it before checking the signature, so anyone could get a 500."""
    answer = client.post(path, content=b"[" * 500_000, headers=headers)
    assert answer.status_code == status
    assert "\n" not in answer.json()["description"]
    with tracker.sessions()() as session:
        assert session.scalars(select(InboundMessage)).all() == []


def test_ingest_refuses_json_nested_too_deep_in_one_line(tracker: Tracker, tmp_path: Path) -> None:
    broken = tmp_path / "result.json"
    broken.write_text('{"messages": ' + "[" * 200_000, encoding="utf-8")
    refused = tracker("ingest", str(broken))
    assert refused.exit_code == 1 and refused.output.count("\n") == 1
    assert "not valid JSON" in refused.output


def test_a_zalo_oa_user_message_without_sender_or_group_is_a_400_not_dropped(
    client: TestClient, tracker: Tracker
) -> None:
    """They were answered 200 `new: 0`: Zalo took them as delivered, nobody saw them."""
    text = {
        "event_name": "user_send_text",
        "timestamp": "1794451260000",
        "recipient": {"id": "oa-1"},
        "message": {"msg_id": "n1", "text": "/bc ttdt 1"},
    }
    group = {**text, "event_name": "user_send_group_text", "sender": {"id": "oa-user-1"}}
    del group["recipient"]
    for event, says in [(text, "no sender id"), (group, "no recipient (group) id")]:
        body, headers = _oa(event)
        answer = client.post("/zalo/oa", content=body, headers=headers)
        assert answer.status_code == 400
        assert answer.json()["description"] == f"Zalo OA event {event['event_name']}: {says}"
