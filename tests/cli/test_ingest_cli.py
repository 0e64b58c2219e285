"""`tracker ingest FILE`: both Telegram export shapes and the messages CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from tests.conftest import DATA, Tracker
from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, msg, totals
from tracker.config import load_settings
from tracker.ingest import open_source
from tracker.journal import record
from tracker.store.models import InboundMessage, MessageSource, OutboxMessage
from tracker.sync import steps

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
    assert output == (
        "read: 5\ncounted: 3\nreview: 0\nignored: 2\nalready known: 0\n"
        "chats left out: 1 (personal_chat 1; not team chats)\n"
    )
    with sessions() as session:
        chats = set(session.scalars(select(InboundMessage.chat_id)))
        assert chats == {"-1001000000001", "-555"}
        assert totals(session) == {
            ("CNCD_NH", "ttdt"): 14,
            ("CNCD_NH", "dvc"): 2,
            ("CNCD_DongTao_DoanTung", "vneid"): 7,
        }


def test_a_2019_account_export_numeric_ids_and_peer_shifted_chat(tracker: Tracker) -> None:
    """Telegram Desktop of 2018-2020: `"from_id": 1001`, chat ids shifted by 2³³, `edited`
    as local time (1970 when never edited), no unix times; a forwarded report, an
    `unsupported` message, and a bot chat, a private chat and Saved Messages."""
    sessions = _world(tracker)
    output = tracker.ok("ingest", str(CORPUS / "telegram_2019_account.json")).output
    assert output == (
        "read: 5\ncounted: 2\nreview: 0\nignored: 3\nalready known: 0\nskipped: 1\n"
        "chats left out: 3 (bot_chat 1, personal_chat 1, saved_messages 1; not team chats)\n"
    )
    with sessions() as session:
        # The forwarded copy of An's report is not counted again for Em.
        assert totals(session) == {("CNCD_NH", "ttdt"): 14, ("CNCD_NH", "dvc"): 2}
        rows = {r.message_id: r for r in session.scalars(select(InboundMessage))}
        assert {r.chat_id for r in rows.values()} == {"-1001000000001"}
        assert rows["2"].sender_id == "1001" and rows["2"].edit_version == 0
        assert rows["1"].sender_id == "1005" and rows["1"].reason == "service message"
        assert rows["3"].edit_version == 1794276120  # 2026-11-10 09:02 Vietnam time
        assert rows["5"].forwarded and rows["5"].status == "ignored"
        assert rows["5"].reason is not None and "forwarded" in rows["5"].reason
        assert session.scalars(select(OutboxMessage)).all() == []


def test_a_2021_basic_group_export(tracker: Tracker) -> None:
    """2021: `"from_id": "user1004"`, `date` and `edited` without unix times."""
    sessions = _world(tracker)
    output = tracker.ok("ingest", str(CORPUS / "telegram_2021_group.json")).output
    assert output == ("read: 4\ncounted: 2\nreview: 0\nignored: 2\nalready known: 0\nskipped: 1\n")
    with sessions() as session:
        assert totals(session) == {
            ("CNCD_DongTao_DoanTung", "vneid"): 7,
            ("CNCD_DongTao_DoanTung", "dvc"): 3,
        }
        rows = {r.message_id: r for r in session.scalars(select(InboundMessage))}
        assert rows["2"].chat_id == "-555" and rows["2"].text == "/bc vneid 7"
        assert rows["4"].edit_version == 1794366450  # 2026-11-11 10:07:30 Vietnam time
        assert rows["5"].forwarded and rows["5"].status == "ignored"


def test_a_2024_account_export_leaves_out_replies_bots_and_saved_messages(
    tracker: Tracker,
) -> None:
    sessions = _world(tracker)
    output = tracker.ok("ingest", str(CORPUS / "telegram_2024_account.json")).output
    assert output == (
        "read: 5\ncounted: 2\nreview: 0\nignored: 3\nalready known: 0\nskipped: 1\nchats left "
        "out: 4 (bot_chat 1, personal_chat 1, replies 1, saved_messages 1; not team chats)\n"
    )
    with sessions() as session:
        # An's forward of Bình's report counts neither for An nor twice for Bình.
        assert totals(session) == {
            ("CNCD_HoiYen_NguHung", "ttdt"): 20,
            ("CNCD_HoiYen_NguHung", "dvc"): 5,
        }
        rows = {r.message_id: r for r in session.scalars(select(InboundMessage))}
        assert set(rows) == {"10", "11", "13", "14", "15"}
        assert rows["13"].edit_version == 1794445600
        assert rows["14"].forwarded and rows["14"].status == "ignored"


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


def test_ingest_answers_the_live_reports_waiting_beside_it_never_its_own(
    tracker: Tracker,
) -> None:
    """Two live reports arrived by webhook and wait for sync when an officer ingests a
    history file: the ingest run processes them too, and they get their replies; the
    file's messages get none."""
    sessions = _world(tracker)
    live = [
        msg(900, "/bc ttdt 3", sender="1002", at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC)),
        msg(901, "/bc dvc 1", sender="1001", at=datetime(2026, 11, 20, 2, 1, tzinfo=UTC)),
    ]
    with sessions.begin() as session:
        record(session, live)  # as `tracker serve` journals them
    output = tracker.ok("ingest", str(CORPUS / "telegram_single.json")).output
    assert output.startswith("read: 8\ncounted: 5\nreview: 2\n")
    with sessions() as session:
        replies = session.scalars(select(OutboxMessage).order_by(OutboxMessage.reply_to)).all()
        assert [(r.chat_id, r.reply_to, r.kind) for r in replies] == [
            (TEAM_CHAT, "900", "reply"),
            (TEAM_CHAT, "901", "reply"),
        ]
        sources = dict(
            session.execute(select(InboundMessage.message_id, InboundMessage.source)).all()
        )
        assert sources["900"] == "live" and sources["3"] == "import"


def test_sync_never_answers_what_a_killed_ingest_left_pending(tracker: Tracker) -> None:
    """An ingest killed after journalling its file: sync processes the rows, and answers
    none of them, while the live report journalled meanwhile gets its reply."""
    sessions = _world(tracker)
    source = open_source(CORPUS / "telegram_single.json")
    with sessions.begin() as session:
        record(session, source.messages, MessageSource.IMPORT)  # then the process died
        record(session, [msg(900, "/bc ttdt 3", sender="1002")])  # live
    processed = steps.process_pending(sessions, load_settings(db_url=tracker.db_url, environ={}))
    assert processed is not None
    with sessions() as session:
        assert totals(session)[("CNCD_HoiYen_NguHung", "ttdt")] == 23
        replies = session.scalars(select(OutboxMessage)).all()
        assert [r.reply_to for r in replies] == ["900"]


def test_a_csv_row_with_an_unquoted_comma_is_refused_naming_the_row(
    tracker: Tracker, tmp_path: Path
) -> None:
    """`/bc ttdt 6, dvc 2` written without quotes: the text after the comma would be lost
    (only ttdt counted). The row is refused, and nothing of the file is written."""
    sessions = _world(tracker)
    bad = tmp_path / "tin-nhan.csv"
    bad.write_text(
        "channel,chat_id,message_id,sender_id,sender_name,date,text\n"
        "zalo,zg-1,m1,z1004,Phạm Thị Dung,2026-11-12T08:00:00,/bc vneid 1\n"
        "zalo,zg-1,m2,z1004,Phạm Thị Dung,2026-11-12T08:05:00,/bc ttdt 6, dvc 2\n",
        encoding="utf-8",
    )
    result = tracker("ingest", str(bad))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {bad}: row 3: 8 fields, the header has 7 "
        "(a text holding ',' must be in double quotes)"
    ]
    with sessions() as session:
        assert session.scalars(select(InboundMessage)).all() == []
