"""A Zalo OA end to end: events posted to `tracker serve`'s /zalo/oa (each twice), then
`tracker sync --once` against the loopback OA server. Every report is answered through
/v3.0/oa/message/cs (a follower) or /v3.0/oa/group/message (a group), the group gets its
digest, the access token that runs out mid-run is refreshed exactly once, and a second
run sends nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from adapters.zalo_oa import signature
from tests.adapters.fake_zalo_oa import FakeZaloOA
from tests.conftest import Tracker
from tests.factories import build_world
from tracker.config import load_settings
from tracker.oa_tokens import StoredTokens
from tracker.store.models import Chat, InboundMessage, Member, MemberAccount, OutboxMessage, Team
from tracker.webapp import make_app
from tracker.webhooks import Webhooks

NOW = "2026-11-22T17:30"
APP_ID, OA_KEY = "4321", "oa-key"
GROUP = "group:g-77"
# (event, sender, group or None, msg_id, text)
EVENTS = [
    ("user_send_text", "oa-1004", None, "m-1", "/bc ttdt 7"),
    ("user_send_text", "oa-1002", None, "m-2", "/bc dvc 2"),
    ("user_send_group_text", "oa-1003", "g-77", "m-3", "/bc ttdt 4"),
    ("user_send_group_text", "oa-1003", "g-77", "m-4", "báo cáo dvc 1"),
    ("user_send_text", "oa-1004", None, "m-5", "chào cán bộ, mai họp nhé"),
    ("user_send_text", "oa-9999", None, "m-6", "/bc ttdt 1"),  # not a member
]


@pytest.fixture
def oa(sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeZaloOA]:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
        teams = {t.code: t for t in session.scalars(select(Team))}
        for name, user in [
            ("Phạm Thị Dung", "oa-1004"),
            ("Trần Thị Bình", "oa-1002"),
            ("Lê Văn Cường", "oa-1003"),
        ]:
            member = session.scalars(select(Member).where(Member.name == name)).one()
            member.accounts.append(MemberAccount(channel="zalo_oa", user_id=user))
        session.add(
            Chat(
                channel="zalo_oa",
                chat_id=GROUP,
                title="CNCĐ_Phú Khê (OA)",
                team=teams["CNCD_PhuKhe_NguHung"],
            )
        )
    fake = FakeZaloOA().start()
    for name in ("TRACKER_TELEGRAM_TOKEN", "TRACKER_ZALO_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    env = {
        "TRACKER_ZALO_OA_APP_ID": APP_ID,
        "TRACKER_ZALO_OA_APP_SECRET": fake.app_secret,
        "TRACKER_ZALO_OA_SECRET_KEY": OA_KEY,
        "TRACKER_ZALO_OA_API_BASE": fake.url,
        "TRACKER_ZALO_OA_OAUTH_BASE": fake.url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield fake
    fake.stop()


def _body(event: str, sender: str, group: str | None, msg_id: str, text: str) -> bytes:
    return json.dumps(
        {
            "app_id": APP_ID,
            "event_name": event,
            "timestamp": "1795833000000",  # 2026-11-22 06:10 in Vietnam
            "sender": {"id": sender},
            "recipient": {"id": group or "oa-id-1"},
            "message": {"msg_id": msg_id, "text": text},
        }
    ).encode()


def _post_events(tracker: Tracker) -> None:
    settings = load_settings(db_url=tracker.db_url)  # the OA keys from the environment
    with TestClient(make_app(Webhooks(tracker.sessions(), settings))) as client:
        for event in EVENTS * 2:  # Zalo repeats deliveries
            body = _body(*event)
            mac = "mac=" + signature(APP_ID, body, "1795833000000", OA_KEY)
            answer = client.post("/zalo/oa", content=body, headers={"X-ZEvent-Signature": mac})
            assert answer.status_code == 200


def test_oa_reports_are_answered_and_the_token_refreshed_once(
    sqlite_tracker: Tracker, oa: FakeZaloOA
) -> None:
    tracker = sqlite_tracker
    _post_events(tracker)
    with tracker.sessions()() as session:
        assert len(session.scalars(select(InboundMessage)).all()) == len(EVENTS)

    # Without a stored pair sync leaves the OA out and says what to do (here the OA is
    # the only channel, so nothing is left to run).
    missing = tracker("sync", "--once", "--now", NOW, "--no-pacing")
    assert missing.exit_code == 1 and "tracker channels zalo-oa set-token" in missing.stderr
    assert oa.sent == []
    tracker.ok("channels", "zalo-oa", "set-token", "--stdin", input="access-1\nrefresh-1\n")

    oa.expire_after = 2
    first = tracker.ok("sync", "--once", "--now", NOW, "--no-pacing")
    lines = first.stderr.splitlines()
    assert len([line for line in lines if "zalo_oa: not polling" in line]) == 1
    assert "tracker serve" in next(line for line in lines if "not polling" in line)
    summary = next(line for line in lines if "sync: received" in line)
    # Four member reports counted, the stranger's to review; five replies, the team's
    # digest, and the private standing of the two members who wrote to the OA in private.
    assert summary.endswith("received 0, counted 4, review 1, queued 3, sent 8, failed 0")
    assert oa.refreshes == 1
    assert StoredTokens(tracker.sessions()).load() == ("access-2", "refresh-2")
    assert "access-1" not in first.output and "refresh-1" not in first.output

    with tracker.sessions()() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == "zalo_oa")
        ).all()
    assert rows and all(row.status == "sent" for row in rows)
    assert len(oa.sent) == len(rows) == 8
    replies = {row.reply_to: row for row in rows if row.kind == "reply"}
    assert set(replies) == {"m-1", "m-2", "m-3", "m-4", "m-6"}  # every report, none for chat
    by_path: dict[str, list[dict[str, str]]] = {}
    for path, recipient, _text in oa.sent:
        by_path.setdefault(path, []).append(recipient)
    # A follower's reply goes to their message (inside its window); a group's to the group.
    # The private standing answers no message: it goes to the bare user id.
    followers = sorted(
        (r.get("message_id") or "", r.get("user_id") or "") for r in by_path["/v3.0/oa/message/cs"]
    )
    assert [m for m, _ in followers if m] == ["m-1", "m-2", "m-6"]
    assert [u for m, u in followers if not m] == ["oa-1002", "oa-1004"]
    groups = by_path["/v3.0/oa/group/message"]
    assert all(r == {"group_id": "g-77"} for r in groups)
    digests = [row for row in rows if row.kind == "digest"]
    assert sorted(d.chat_id for d in digests) == sorted([GROUP, "oa-1002", "oa-1004"])
    assert len(groups) == 3  # m-3, m-4 and the team digest
    texts = {text for _, _, text in oa.sent}
    assert all(row.text in texts for row in rows)

    second = tracker.ok("sync", "--once", "--now", NOW, "--no-pacing")
    assert "received 0, counted 0, review 0, queued 0, sent 0, failed 0" in second.stderr
    assert len(oa.sent) == len(rows) and oa.refreshes == 1
