"""Migration 0005 gives Telegram chats bound by a bare id the Bot API's spelling, and
moves what is still queued for them."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from tests.factories import build_world
from tracker.store.engine import make_engine
from tracker.store.migrate import upgrade
from tracker.store.models import Chat, OutboxMessage


def test_bare_telegram_chat_ids_become_the_bot_api_ones(empty_or_fresh_url: str) -> None:
    engine = make_engine(empty_or_fresh_url)
    upgrade(engine, "0004")
    sessions = sessionmaker(engine)
    with sessions.begin() as session:
        build_world(session)
        session.flush()
        session.execute(
            update(Chat).where(Chat.chat_id == "-1001000000002").values(chat_id="1000000002")
        )
        session.add_all(
            [
                OutboxMessage(
                    idempotency_key=f"digest:telegram:1000000002:2026-11-2{n}",
                    kind="digest",
                    channel="telegram",
                    chat_id="1000000002",
                    text="📊",
                    status=status,
                )
                for n, status in ((1, "sent"), (2, "pending"))
            ]
        )
    upgrade(engine)
    with sessions() as session:
        chats = set(session.scalars(select(Chat.chat_id)))
        outbox = dict(session.execute(select(OutboxMessage.status, OutboxMessage.chat_id)).all())
    engine.dispose()
    assert chats == {"-1001000000001", "-1001000000002", "zg-1"}
    assert outbox == {"sent": "1000000002", "pending": "-1001000000002"}
