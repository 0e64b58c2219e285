"""A task's notice reaches each assigned team's chats once, through the outbox (issue 14:
tasks reach the teams), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.errors import Refusal
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import Chat, OutboxMessage, Task, Team
from tracker.task_notices import queue_task_notices
from tracker.tasks import add_task


@pytest.fixture
def sessions(db_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(db_url))
    with factory.begin() as session:
        world = build_world(session, "2026-11")
        # A second chat of one team, and a chat of another team that was unbound.
        session.add_all(
            [
                Chat(channel="zalo", chat_id="zg-hy", team=world.teams["CNCD_HoiYen_NguHung"]),
                Chat(
                    channel="telegram",
                    chat_id="-1009",
                    team=world.teams["CNCD_PhuKhe_NguHung"],
                    active=False,
                ),
            ]
        )
    return factory


def outbox(sessions: sessionmaker[Session]) -> list[tuple[str, str, str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(
                OutboxMessage.idempotency_key,
                OutboxMessage.kind,
                OutboxMessage.chat_id,
                OutboxMessage.text,
            ).order_by(OutboxMessage.idempotency_key)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_new_task_queues_one_message_per_team_chat(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        add_task(session, "TAP2", "Tập huấn chữ ký số", date(2026, 12, 5), ["NH"], "officer")
    rows = outbox(sessions)
    # Ngũ Hùng's teams: Hội Yên has two active chats, Phú Khê only an unbound one, the
    # commune team none; the commune's own chat is the officers', not a team's.
    assert [(key, kind, chat) for key, kind, chat, _ in rows] == [
        ("task:TAP2:telegram:-1001000000002", "task", "-1001000000002"),
        ("task:TAP2:zalo:zg-hy", "task", "zg-hy"),
    ]
    text = rows[0][3]
    assert "TAP2" in text and "Tập huấn chữ ký số" in text and "05/12/2026" in text
    assert "/xong TAP2" in text


def test_assigning_twice_does_not_double(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        add_task(session, "TAP2", "Tập huấn", date(2026, 12, 5), ["NH"], "officer", language="en")
    with sessions.begin() as session:
        task = session.scalars(select(Task).where(Task.code == "TAP2")).one()
        assert queue_task_notices(session, task, "en") == 0  # every chat has it already
    with pytest.raises(Refusal, match="TAP2"), sessions.begin() as session:
        add_task(session, "TAP2", "Tập huấn", date(2026, 12, 5), ["CNCD_HoiYen_NguHung"], "x")
    rows = outbox(sessions)
    assert len(rows) == 2
    assert rows[0][3].startswith("📌 New task TAP2")


def test_a_chat_bound_later_hears_of_the_task_once(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        task = add_task(session, "TAP2", "Tập huấn", date(2026, 12, 5), ["NH"], "officer")
        team = session.scalars(select(Team).where(Team.code == "CNCD_NH")).one()
        session.add(Chat(channel="telegram", chat_id="-1007", team=team))
        session.flush()
        assert queue_task_notices(session, task, "vi") == 1  # only the new chat
    assert [row[2] for row in outbox(sessions)] == ["-1001000000002", "-1007", "zg-hy"]
