"""`tracker ingest FILE`: both Telegram export shapes and the messages CSV."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.conftest import DATA, Tracker
from tests.factories import build_world
from tests.pipeline_helpers import totals
from tracker.store.models import InboundMessage, OutboxMessage

CORPUS = DATA / "ingest"


def _world(tracker: Tracker):  # type: ignore[no-untyped-def]
    sessions = tracker.sessions()
    with sessions.begin() as session:
        build_world(session)
    return sessions


def test_single_chat_export_then_again_adds_nothing(tracker: Tracker) -> None:
    sessions = _world(tracker)
    first = tracker.ok("ingest", str(CORPUS / "telegram_single.json")).output
    assert first == "read: 8\ncounted: 3\nreview: 2\nignored: 3\nalready known: 0\n"
    again = tracker.ok("ingest", str(CORPUS / "telegram_single.json")).output
    assert again == "read: 8\ncounted: 0\nreview: 0\nignored: 0\nalready known: 8\n"
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_HoiYen_NguHung", "ttdt"): 20,
            ("CNCD_HoiYen_NguHung", "dvc"): 8,
        }
        rows = {r.message_id: r for r in session.scalars(select(InboundMessage))}
        assert rows["1"].status == "ignored" and rows["1"].reason == "service message"
        assert rows["4"].text == "/bc ttdt 8"  # entity list joined
        assert rows["5"].edit_version == 1793847780  # the last edit's time
        assert rows["3"].chat_id == "-1001000000002"  # the Bot API's spelling
        assert rows["3"].sender_id == "1002"
        # History is not answered unless asked.
        assert session.scalars(select(OutboxMessage)).all() == []


def test_full_export_with_two_chats_and_a_private_chat_skipped(tracker: Tracker) -> None:
    sessions = _world(tracker)
    output = tracker.ok("ingest", str(CORPUS / "telegram_full.json")).output
    assert output == "read: 5\ncounted: 3\nreview: 0\nignored: 2\nalready known: 0\n"
    with sessions() as session:
        chats = set(session.scalars(select(InboundMessage.chat_id)))
        assert chats == {"-1001000000001", "-555"}
        assert totals(session) == {
            ("CNCD_NH", "ttdt"): 14,
            ("CNCD_NH", "dvc"): 2,
            ("CNCD_DongTao_DoanTung", "vneid"): 7,
        }


def test_messages_csv(tracker: Tracker) -> None:
    sessions = _world(tracker)
    output = tracker.ok("ingest", str(CORPUS / "messages.csv")).output
    assert output == "read: 3\ncounted: 2\nreview: 0\nignored: 1\nalready known: 0\n"
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_DongTao_DoanTung", "ttdt"): 7,
            ("CNCD_DongTao_DoanTung", "dvc"): 2,
        }


def test_a_bad_file_names_the_row_and_writes_nothing(tracker: Tracker, tmp_path: Path) -> None:
    sessions = _world(tracker)
    bad = tmp_path / "bad.csv"
    text = (CORPUS / "messages.csv").read_text(encoding="utf-8")
    bad.write_text(text + "zalo,zg-1,m4,z1004,Dung,hôm qua,/bc ttdt 1\n", encoding="utf-8")
    result = tracker("ingest", str(bad))
    assert result.exit_code == 1
    assert f"{bad}: row 5, column date: 'hôm qua' is not an ISO-8601 time" in result.output
    broken = tmp_path / "result.json"
    broken.write_text('{"messages": [', encoding="utf-8")
    assert "not valid JSON" in tracker("ingest", str(broken)).output
    with sessions() as session:
        assert session.scalars(select(InboundMessage)).all() == []
