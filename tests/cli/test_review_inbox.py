"""`tracker review list|reject|accept` at a commune's scope, in words, filtered, in bulk."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, msg, send
from tracker.store.models import ReviewItem

OLD = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)  # 50 days before the pinned clock


def _inbox(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    with sessions.begin() as session:
        build_world(session)
    send(
        sessions,
        msg(1, "/bc ttdt 3", sender="5555", at=OLD),  # a stranger in Hội Yên's chat
        msg(2, "/bc dvc", sender="1002", at=OLD),  # no number: chatter, old
        msg(3, "/bc dvc", sender="1002"),  # chatter, today
        msg(4, "/bc dvc", sender="z1004", chat="zg-1", channel="zalo"),  # Đoàn Tùng's
        msg(5, "/bc ttdt 3", sender="7777", chat="-1009999", at=OLD),  # nowhere
    )


def _listed(tracker: Tracker, *args: str) -> list[dict[str, object]]:
    output = tracker.ok("review", "list", *args, "--format", "json").output
    return list(json.loads(output)["items"])


def _messages(tracker: Tracker, *args: str) -> list[object]:
    """The journal rows (1 to 5, as sent above) of the items listed, in their order."""
    return [item["message"] for item in _listed(tracker, *args)]


def _item_of(tracker: Tracker, message: int) -> str:
    return str(next(i["id"] for i in _listed(tracker) if i["message"] == message))


def test_a_commune_sees_only_its_items_in_words(tracker: Tracker) -> None:
    _inbox(tracker)
    assert len(_listed(tracker)) == 5
    assert len(_listed(tracker, "--scope", "HD")) == 5  # the top of the map sees all
    nh = _listed(tracker, "--scope", "NH")
    assert [item["message"] for item in nh] == [1, 2, 3]
    assert [item["reason"] for item in nh] == ["unknown_sender", "no_number", "no_number"]
    assert nh[1]["team_name"] == "CNCĐ_Hội Yên_Ngũ Hùng"
    assert _messages(tracker, "--scope", "DT") == [4]

    table = tracker.ok("review", "list", "--scope", "NH").output
    assert "người gửi chưa đăng ký" in table and "thiếu số" in table
    assert "unknown_sender" not in table and "no_number" not in table
    assert "CNCĐ_Hội Yên_Ngũ Hùng" in table and "Đoàn Tùng" not in table
    assert table.splitlines()[0].split()[:4] == ["mã", "ngày", "tổ", "người"]


def test_filters_by_reason_in_words_team_and_age(tracker: Tracker) -> None:
    _inbox(tracker)
    assert _messages(tracker, "--reason", "thieu so") == [2, 3, 4]
    assert _messages(tracker, "--reason", "chatter", "--older-than", "30") == [2]
    assert _messages(tracker, "--team", "CNCD_DongTao_DoanTung") == [4]
    assert _messages(tracker, "--newer-than", "3") == [3, 4]
    assert _messages(tracker, "--sort", "team")[-1] == 5  # no team: last
    result = tracker("review", "list", "--reason", "xyz")
    assert result.exit_code == 1 and "không rõ lý do 'xyz'" in result.output


def test_bulk_reject_old_chatter_after_one_confirmation(tracker: Tracker) -> None:
    _inbox(tracker)
    args = ("review", "reject", "--held-for", "chatter", "--older-than", "30")
    refused = tracker(*args, "--scope", "NH", input="n\n")
    assert refused.exit_code == 1 and "reject 1 review item(s)?" in refused.output
    assert len(_listed(tracker)) == 5
    tracker.ok(*args, "--reason", "tin cũ", input="y\n")
    assert _messages(tracker) == [1, 5, 3, 4]
    with tracker.sessions()() as session:
        rejected = session.query(ReviewItem).filter_by(status="rejected").one()
        assert rejected.message_id == 2
    assert tracker("review", "reject").exit_code == 2  # nothing chosen: refused


def test_accept_names_the_indicator_by_an_alias(tracker: Tracker) -> None:
    _inbox(tracker)
    item = _item_of(tracker, 3)
    result = tracker.ok(
        "review", "accept", item, "--indicator", "Thanh toan dien tu", "--value", "4"
    )
    assert "CNCD_HoiYen_NguHung ttdt +4" in result.output
    other = _item_of(tracker, 2)
    unknown = tracker("review", "accept", other, "--indicator", "không có", "--value", "1")
    assert unknown.exit_code == 1 and "không có chỉ số mã 'không có'" in unknown.output


def test_the_team_chat_binds_a_strangers_item_to_the_commune(tracker: Tracker) -> None:
    _inbox(tracker)
    # A village sees its team's items, the stranger's in its team chat among them; the
    # stranger in a chat bound nowhere stays with the top of the map.
    village = _listed(tracker, "--scope", "NH-1")
    assert [(i["message"], i["chat_id"]) for i in village] == [(m, TEAM_CHAT) for m in (1, 2, 3)]
