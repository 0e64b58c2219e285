"""Migration 0005: journal rows already there are live; Telegram chats bound by a bare id
get the Bot API's spelling, and what is still queued for them follows."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import MetaData, Table, insert, select, update
from sqlalchemy.orm import sessionmaker

from tests.factories import build_world
from tracker.store.engine import make_engine
from tracker.store.migrate import alembic_config, upgrade
from tracker.store.models import Chat, InboundMessage, OutboxMessage


def test_bare_telegram_chat_ids_become_the_bot_api_ones(empty_or_fresh_url: str) -> None:
    engine = make_engine(empty_or_fresh_url)
    # The world is built with today's models, then the store is taken back to 0004 and
    # given what a store of then held: chats bound by the bare id, digests queued for it.
    upgrade(engine)
    with sessionmaker(engine).begin() as session:
        build_world(session)
    command.downgrade(alembic_config(engine), "0004")
    chats = Table("chats", MetaData(), autoload_with=engine)
    outbox = Table("outbox", MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        connection.execute(
            update(chats).where(chats.c.chat_id == "-1001000000002").values(chat_id="1000000002")
        )
        connection.execute(
            insert(outbox),
            [
                {
                    "idempotency_key": f"digest:telegram:1000000002:2026-11-2{n}",
                    "kind": "digest",
                    "channel": "telegram",
                    "chat_id": "1000000002",
                    "text": "📊",
                    "status": status,
                    "attempts": 0,
                    "created_at": datetime(2026, 11, 20, 2, 0),
                }
                for n, status in ((1, "sent"), (2, "pending"))
            ],
        )
    upgrade(engine)
    with sessionmaker(engine)() as session:
        bound = set(session.scalars(select(Chat.chat_id)))
        queued = dict(session.execute(select(OutboxMessage.status, OutboxMessage.chat_id)).all())
    engine.dispose()
    assert bound == {"-1001000000001", "-1001000000002", "zg-1"}
    assert queued == {"sent": "1000000002", "pending": "-1001000000002"}


def test_rows_journalled_before_0005_are_live(empty_or_fresh_url: str) -> None:
    """A report pending when the store is upgraded is owed its reply: it counts as live."""
    engine = make_engine(empty_or_fresh_url)
    upgrade(engine, "0004")
    journal = Table("inbound_messages", MetaData(), autoload_with=engine)
    moment = datetime(2026, 11, 20, 2, 0)
    with engine.begin() as connection:
        connection.execute(
            insert(journal).values(
                channel="telegram",
                chat_id="-1001000000002",
                message_id="7",
                edit_version=0,
                sender_id="1002",
                text="/bc ttdt 3",
                sent_at=moment,
                received_at=moment,
                raw={} if engine.dialect.name == "postgresql" else "{}",
                status="pending",
            )
        )
    upgrade(engine)
    with sessionmaker(engine)() as session:
        row = session.scalars(select(InboundMessage)).one()
    engine.dispose()
    assert (row.source, row.forwarded, row.status) == ("live", False, "pending")
