"""`tracker channels zalo-oa set-token|status` and `tracker chats reactivate`: what
they print, what the store and the audit log hold, and that no token is ever shown."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.oa_tokens import StoredTokens
from tracker.store.models import AuditEntry, Chat

ACCESS = "Ax9-access-token-value_" + "a" * 40
REFRESH = "Rf7-refresh-token-value_" + "r" * 40


def _audit(tracker: Tracker, entity: str) -> list[AuditEntry]:
    with tracker.sessions()() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        )


def test_set_token_from_stdin_then_status(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_ZALO_OA_APP_ID", "4321")
    monkeypatch.setenv("TRACKER_ZALO_OA_APP_SECRET", "app-secret-value")
    before = tracker.ok("channels", "zalo-oa", "status")
    assert before.stdout.splitlines() == [
        "zalo_oa: app id 4321, app secret set, OA secret key not set (TRACKER_ZALO_OA_SECRET_KEY)",
        "zalo_oa: no token pair stored: run `tracker channels zalo-oa set-token`",
    ]
    result = tracker.ok(
        "channels", "zalo-oa", "set-token", "--stdin", "--expires-in", "90000",
        "--officer", "Cán bộ tỉnh",
        input=f"{ACCESS}\n{REFRESH}\n",
    )  # fmt: skip
    assert result.stdout.startswith("zalo_oa: token pair stored; the access token expires ")
    assert StoredTokens(tracker.sessions()).load() == (ACCESS, REFRESH)
    status = tracker.ok("channels", "zalo-oa", "status").stdout
    assert "the access token expires" in status and "(in 24 h 59 min)" in status
    [entry] = _audit(tracker, "channel")
    assert (entry.actor, entry.action, entry.entity_key) == ("Cán bộ tỉnh", "set-token", "zalo_oa")
    assert entry.before is None and entry.after["expires_at"] is not None
    everything = result.output + status + json.dumps([entry.before, entry.after])
    assert ACCESS not in everything and REFRESH not in everything
    assert "app-secret-value" not in everything


def test_set_token_from_the_environment_replaces_the_pair(
    sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker = sqlite_tracker
    tracker.ok("channels", "zalo-oa", "set-token", "--access-token", "a1", "--refresh-token", "r1")
    monkeypatch.setenv("TRACKER_ZALO_OA_ACCESS_TOKEN", "a2")
    monkeypatch.setenv("TRACKER_ZALO_OA_REFRESH_TOKEN", "r2")
    result = tracker.ok("channels", "zalo-oa", "set-token")
    assert "expiry is unknown" in result.stdout
    assert StoredTokens(tracker.sessions()).load() == ("a2", "r2")
    first, second = _audit(tracker, "channel")
    assert first.before is None and second.before == first.after
    status = tracker.ok("channels", "zalo-oa", "status").stdout
    assert "the access token's expiry is unknown" in status


@pytest.mark.parametrize(
    ("args", "given", "message"),
    [
        (["--stdin"], f"{ACCESS}\n", "--stdin: expected 2 lines (access token, refresh"),
        (["--access-token", "a"], None, "give both tokens"),
        (["--stdin"], "with space\nr\n", "a token has no spaces in it"),
        (["--stdin", "--expires-in", "0"], "a\nr\n", "--expires-in"),
    ],
)
def test_set_token_refuses_what_it_cannot_use(
    sqlite_tracker: Tracker, args: list[str], given: str | None, message: str
) -> None:
    result = sqlite_tracker("channels", "zalo-oa", "set-token", *args, input=given)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output and ACCESS not in result.output
    assert not StoredTokens(sqlite_tracker.sessions()).stored()
    assert _audit(sqlite_tracker, "channel") == []


def test_reactivate_a_chat_marked_inactive(tracker: Tracker) -> None:
    with tracker.sessions().begin() as session:
        build_world(session)
        chat = session.scalars(select(Chat).where(Chat.chat_id == "-1001000000002")).one()
        chat.active = False
    # The Telegram Desktop spelling of the same supergroup finds it too.
    result = tracker.ok("chats", "reactivate", "telegram", "1000000002", "--officer", "Cán bộ xã")
    assert result.stdout.strip() == "telegram 1000000002 (CNCĐ_Hội Yên_Ngũ Hùng) is active again"
    with tracker.sessions()() as session:
        assert session.scalars(select(Chat.active).where(Chat.chat_id == "-1001000000002")).one()
    [entry] = _audit(tracker, "chat")
    assert (entry.actor, entry.action, entry.entity_key) == (
        "Cán bộ xã",
        "reactivate",
        "telegram:-1001000000002",
    )
    assert (entry.before, entry.after) == ({"active": False}, {"active": True})
    again = tracker.ok("chats", "reactivate", "telegram", "-1001000000002")
    assert again.stdout.strip() == "telegram -1001000000002 is active already: nothing changed"
    assert len(_audit(tracker, "chat")) == 1
    unknown = tracker("chats", "reactivate", "zalo", "nowhere")
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == (
        "Error: nhóm zalo nowhere chưa được gắn: gắn bằng `tracker import chats` trước"
    )
