"""Undoing the digest screen's last "post now" (tracker.digest_undo), on each store: the
chat's digest comes out of the outbox while no part of it has gone out, so that the
scheduled run queues that day's digest again; once a part was sent the undo is refused in
one line and nothing is taken out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.config import load_settings
from tracker.digest.post import post_digest_to_chat
from tracker.digest_undo import DigestPost, undo_post
from tracker.store.models import AuditEntry, Chat, OutboxMessage
from tracker.sync.schedule import queue_digests
from tracker.undo import UndoRefused

ACTOR = "Cán bộ Tin"
CHAT = "-1001000000002"  # team CNCD_HoiYen_NguHung's chat
DAY = date(2026, 11, 20)
LIMITS = {"telegram": 4096, "zalo": 2000}


@pytest.fixture
def db(db_url: str) -> tuple[sessionmaker[Session], str]:
    from tracker.store.engine import make_engine, session_factory

    factory = session_factory(make_engine(db_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory, db_url


def posted(sessions: sessionmaker[Session], db_url: str) -> DigestPost:
    settings = load_settings(db_url, environ={})
    with sessions.begin() as session:
        chat = session.scalars(select(Chat).where(Chat.chat_id == CHAT)).one()
        assert post_digest_to_chat(session, chat.id, DAY, settings, ACTOR).queued >= 1
        return DigestPost(chat.id, chat.channel, chat.chat_id, DAY)


def outbox(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.status)
            .where(OutboxMessage.chat_id == CHAT)
            .order_by(OutboxMessage.id)
        )
        return [(key, status) for key, status in rows]


def test_a_post_is_taken_back_and_the_scheduled_run_queues_it_again(
    db: tuple[sessionmaker[Session], str],
) -> None:
    sessions, db_url = db
    post = posted(sessions, db_url)
    queued = outbox(sessions)
    assert queued and all(status == "pending" for _, status in queued)
    assert queued[0][0] == post.key == f"digest:telegram:{CHAT}:2026-11-20"
    with sessions.begin() as session:
        assert undo_post(session, post, ACTOR) == len(queued)
    assert outbox(sessions) == []
    with sessions() as session:
        entries = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_key)
            .where(AuditEntry.entity == "digest")
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(row) for row in entries] == [(ACTOR, "post", post.key), (ACTOR, "undo", post.key)]
    # The key is free: the scheduled run, which skips a chat whose key is queued, sends it.
    queue_digests(sessions, load_settings(db_url, environ={}), DAY, LIMITS)
    assert outbox(sessions) == queued


def test_a_post_that_went_out_is_not_taken_back(db: tuple[sessionmaker[Session], str]) -> None:
    sessions, db_url = db
    post = posted(sessions, db_url)
    with sessions.begin() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.idempotency_key == post.key)
            .values(status="sent")
        )
    was = outbox(sessions)
    with pytest.raises(UndoRefused) as caught, sessions.begin() as session:
        undo_post(session, post, ACTOR)
    assert caught.value.text("vi") == (
        f"không hoàn tác được: bản tin {post.key} không còn chờ gửi (đã gửi)"
    )
    assert caught.value.text("en") == (
        f"cannot undo: digest {post.key} is no longer waiting to be sent (sent)"
    )
    assert outbox(sessions) == was
