"""A Telegram chat bound by the bare id a Desktop export shows (`1871203344`) is stored,
and sent to, as the Bot API spells it (`-1001871203344`), whichever way it came in."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.chats import bind_chat, canonical_chat_id, find_chat
from tracker.config import load_settings
from tracker.store.models import Chat, OutboxMessage

DAY = ("--date", "2026-11-22")


def _world(tracker: Tracker) -> None:
    with tracker.sessions().begin() as session:
        build_world(session)


def _chat_ids(tracker: Tracker) -> set[str]:
    with tracker.sessions()() as session:
        return set(session.scalars(select(Chat.chat_id).where(Chat.channel == "telegram")))


def test_import_chats_with_the_export_id_stores_and_sends_to_the_bot_api_id(
    tracker: Tracker, tmp_path: Path
) -> None:
    _world(tracker)
    chats = tmp_path / "nhom-chat.csv"
    chats.write_text(
        "Kênh,Mã nhóm,Tiêu đề,Đơn vị,Tổ\ntelegram,1871203344,CNCĐ huyện Thanh Miện,TM,\n",
        encoding="utf-8",
    )
    tracker.ok("import", "chats", str(chats))
    assert "-1001871203344" in _chat_ids(tracker) and "1871203344" not in _chat_ids(tracker)
    tracker.ok("digest", "--scope", "TM", *DAY, "--post")
    with tracker.sessions()() as session:
        digest = session.scalars(select(OutboxMessage)).one()
    assert (digest.channel, digest.chat_id) == ("telegram", "-1001871203344")
    # The same file again, or with the other spelling, changes nothing.
    again = tracker.ok("import", "chats", str(chats)).stderr
    assert again.startswith("nhóm chat: 0 mới, 0 cập nhật, 1 không đổi")


def test_binding_a_chat_by_its_bare_id_stores_the_bot_api_id(tracker: Tracker) -> None:
    _world(tracker)
    settings = load_settings(db_url=tracker.db_url, environ={})
    with tracker.sessions().begin() as session:
        bind_chat(
            session,
            settings,
            "telegram",
            "1871203344",
            "Phú Khê",
            "cán bộ",
            team="CNCD_PhuKhe_NguHung",
        )
    with tracker.sessions()() as session:
        chat = find_chat(session, "telegram", "1871203344")
        assert chat is not None and chat.chat_id == "-1001871203344"


def test_a_chat_stored_bare_before_is_found_and_corrected_on_the_next_import(
    tracker: Tracker, tmp_path: Path
) -> None:
    _world(tracker)
    with tracker.sessions().begin() as session:  # a store written before the fix
        session.execute(
            update(Chat).where(Chat.chat_id == "-1001000000002").values(chat_id="1000000002")
        )
    with tracker.sessions()() as session:
        for spelling in ("1000000002", "-1001000000002"):
            found = find_chat(session, "telegram", spelling)
            assert found is not None and found.team is not None
    chats = tmp_path / "chats.csv"
    chats.write_text(
        "channel,chat_id,title,unit,team\n"
        "telegram,-1001000000002,CNCĐ_Hội Yên_Ngũ Hùng,,CNCD_HoiYen_NguHung\n",
        encoding="utf-8",
    )
    tracker.ok("import", "chats", str(chats))
    assert _chat_ids(tracker) == {"-1001000000001", "-1001000000002"}


def test_the_rule_for_a_bare_id() -> None:
    # A bound chat is a group: the bare id is a supergroup's. Outside a group, a user's.
    assert canonical_chat_id("telegram", "1871203344") == "-1001871203344"
    assert canonical_chat_id("telegram", " 1871203344 ") == "-1001871203344"
    assert canonical_chat_id("telegram", "1871203344", group=False) == "1871203344"
    for kept in ("-1001871203344", "-555", "@cncd_haiduong"):
        assert canonical_chat_id("telegram", kept) == kept
    assert canonical_chat_id("zalo", "1871203344") == "1871203344"
    assert canonical_chat_id("mocha", "42") == "42"  # no adapter here: as written
