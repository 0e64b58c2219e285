from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.chats import find_chat
from tracker.journal import cursor, record, save_cursor
from tracker.messages import Inbound
from tracker.store.models import ChannelCursor, InboundMessage


def _message(message_id: str, version: int = 0, service: bool = False) -> Inbound:
    return Inbound(
        channel="telegram",
        chat_id="-1001000000002",
        message_id=message_id,
        sent_at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
        text="/bc ttdt 12",
        sender_id="1001",
        sender_name="Nguyễn Văn An",
        edit_version=version,
        service=service,
        raw={"message_id": int(message_id)},
    )


def test_redelivery_is_a_no_op_and_edits_are_new_versions(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    with sessions.begin() as session:
        first = record(session, [_message("1"), _message("2")])
    with sessions.begin() as session:
        again = record(
            session, [_message("1"), _message("2", version=1), _message("3", service=True)]
        )
    assert (first.new, first.known) == (2, 0)
    assert (again.new, again.known) == (2, 1)
    with sessions() as session:
        rows = session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
        assert [(r.message_id, r.edit_version, r.status) for r in rows] == [
            ("1", 0, "pending"),
            ("2", 0, "pending"),
            ("2", 1, "pending"),
            ("3", 0, "ignored"),
        ]
        assert rows[0].sent_at == datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
        assert rows[0].raw == {"message_id": 1}


def test_cursor_rolls_back_with_the_rows_it_covers(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    try:
        with sessions.begin() as session:
            record(session, [_message("7")])
            save_cursor(session, "telegram", "8")
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    with sessions() as session:
        assert cursor(session, "telegram") is None
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 0


def test_the_cursor_moves_and_only_its_latest_position_is_kept(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    for position in ("8", "9", "12"):
        with sessions.begin() as session:
            save_cursor(session, "telegram", position)
    with sessions.begin() as session:
        save_cursor(session, "zalo", "z1")
    with sessions() as session:
        assert cursor(session, "telegram") == "12" and cursor(session, "zalo") == "z1"
        assert session.scalar(select(func.count()).select_from(ChannelCursor)) == 2


def test_both_spellings_of_a_supergroup_find_the_bound_chat(tracker: Tracker) -> None:
    with tracker.sessions().begin() as session:
        build_world(session)
        assert find_chat(session, "telegram", "1000000002") is not None
        assert find_chat(session, "telegram", "-1001000000002") is not None
        assert find_chat(session, "telegram", "-1000000002") is None
