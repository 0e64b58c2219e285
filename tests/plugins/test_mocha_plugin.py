"""An adapter from another package, end to end: installed with pip (see conftest),
configured only by TRACKER_CHANNELS__MOCHA__… variables, its members imported with a
`mocha_id` column, its webhooks taken at POST /hooks/mocha (checked by the adapter
itself), and `tracker sync --once` counting the report and replying through it to a
loopback server. No file of tracker/, adapters/ or tui/ names it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.config import load_settings
from tracker.store.models import Chat, InboundMessage, Member, Team
from tracker.webapp import make_app
from tracker.webhooks import Webhooks

SECRET = "mocha-hook-secret"
TOKEN = "mocha-api-token"
ROOT = Path(__file__).resolve().parents[2]


class MochaApi:
    """Mocha's API on a loopback port: records each message the adapter sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[str | None, dict[str, Any]]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                api.sent.append((self.headers.get("Authorization"), body))
                answer = json.dumps({"id": f"mo-{len(api.sent)}"}).encode()
                self.send_response(200 if self.path == "/v1/messages" else 404)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def mocha_api() -> Iterator[MochaApi]:
    api = MochaApi()
    yield api
    api.server.shutdown()
    api.server.server_close()


@pytest.fixture
def mocha(mocha_installed: Path, mocha_api: MochaApi, monkeypatch: pytest.MonkeyPatch) -> MochaApi:
    monkeypatch.setenv("TRACKER_CHANNELS__MOCHA__TOKEN", TOKEN)
    monkeypatch.setenv("TRACKER_CHANNELS__MOCHA__API_BASE", mocha_api.url)
    monkeypatch.setenv("TRACKER_CHANNELS__MOCHA__WEBHOOK_SECRET", SECRET)
    return mocha_api


def _signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    mac = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Mocha-Signature": f"sha256={mac}", "Content-Type": "application/json"}


def _event(message_id: str, text: str) -> bytes:
    message = {"id": message_id, "chat": "g-hoiyen", "from": "m-1002", "ts": 1795300000}
    return json.dumps({"event": "message", "message": {**message, "text": text}}).encode()


def test_the_mocha_adapter_is_installed_through_its_entry_point_only(
    mocha_installed: Path, sqlite_tracker: Tracker
) -> None:
    listed = sqlite_tracker.ok("adapters", "--capabilities").output.splitlines()
    assert "mocha\tmocha_adapter:MochaAdapter\tnot configured\twebhooks,replies\tmax 500" in listed
    for folder in ("tracker", "adapters", "tui"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".tcss", ".toml", ".json"):
                assert "mocha" not in path.read_text(encoding="utf-8").lower(), path


def test_a_report_through_an_installed_adapter(
    mocha: MochaApi, sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
        team = session.scalars(select(Team).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        title = "Hội Yên trên Mocha"
        session.add(Chat(channel="mocha", chat_id="g-hoiyen", title=title, team=team))

    members = tmp_path / "members.csv"
    members.write_text("team,name,mocha_id\nCNCD_HoiYen_NguHung,Trần Thị Bình,m-1002\n")
    sqlite_tracker.ok("import", "members", str(members))
    with sqlite_tracker.sessions()() as session:
        binh = session.scalars(select(Member).where(Member.name == "Trần Thị Bình")).one()
        assert binh.account("mocha") == "m-1002"

    settings = load_settings(db_url=sqlite_tracker.db_url)
    body = _event("mo-77", "/bc ttdt 3")
    with TestClient(make_app(Webhooks(sqlite_tracker.sessions(), settings))) as client:
        missing = client.post("/hooks/mocha", content=body)
        wrong = client.post("/hooks/mocha", content=body, headers=_signed(body, "guess"))
        assert (missing.status_code, wrong.status_code) == (403, 403)
        refused = b'{"event": "typing"}'
        answer = client.post("/hooks/mocha", content=refused, headers=_signed(refused))
        assert answer.status_code == 400
        assert answer.json()["description"] == "not a Mocha message event"
        first = client.post("/hooks/mocha", content=body, headers=_signed(body))
        again = client.post("/hooks/mocha", content=body, headers=_signed(body))
        assert (first.json(), again.json()) == ({"ok": True, "new": 1}, {"ok": True, "new": 0})
    with sqlite_tracker.sessions()() as session:
        rows = session.execute(select(InboundMessage.channel, InboundMessage.text)).all()
        assert [tuple(row) for row in rows] == [("mocha", "/bc ttdt 3")]

    result = sqlite_tracker.ok("sync", "--once", "--now", "2026-11-22T09:00", "--no-pacing")
    assert "counted 1, review 0, queued 0, sent 1, failed 0" in result.stderr
    [(authorization, reply)] = mocha.sent
    assert authorization == f"Bearer {TOKEN}"
    assert (reply["chat"], reply["reply_to"]) == ("g-hoiyen", "mo-77")
    assert "3" in reply["text"] and TOKEN not in result.output


def test_an_option_the_mocha_adapter_does_not_take_stops_sync_and_serve(
    mocha: MochaApi, sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_CHANNELS__MOCHA__ROOM", "phòng 1")
    result = sqlite_tracker("sync", "--once")
    assert result.exit_code == 1
    assert result.output == (
        "Error: TRACKER_CHANNELS__MOCHA__ROOM: the mocha adapter takes no option 'room' "
        "(it takes: api_base, token, webhook_secret)\n"
    )
    served = sqlite_tracker("serve", "--port", "9")
    assert (served.exit_code, served.output) == (1, result.output)


def test_the_member_form_and_the_import_offer_the_installed_adapter(
    mocha_installed: Path, sqlite_tracker: Tracker
) -> None:
    from tracker.imports import members
    from tracker.members import member_channels

    with sqlite_tracker.sessions()() as session:
        assert member_channels(session) == ["mocha", "telegram", "zalo", "zalo_oa"]
    assert "mocha_id" in members.spec().columns
