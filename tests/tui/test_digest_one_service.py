"""The TUI's "post now" and `tracker digest --post` are one service: a digest posted from
either face leaves the same outbox row and the same audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import Tracker
from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, OutboxMessage

pytestmark = pytest.mark.anyio
NH_CHAT = "digest:telegram:-1001000000001:2026-11-22"


def left_behind(sessions: sessionmaker[Session]) -> tuple[list[Any], list[Any]]:
    """The outbox rows and audit entries in the store, without row ids and times (the
    test clock starts at a fixed instant but runs)."""
    with sessions() as session:
        outbox = session.execute(
            select(
                OutboxMessage.idempotency_key,
                OutboxMessage.kind,
                OutboxMessage.channel,
                OutboxMessage.chat_id,
                OutboxMessage.reply_to,
                OutboxMessage.text,
                OutboxMessage.status,
                OutboxMessage.attempts,
                OutboxMessage.not_before,
            ).order_by(OutboxMessage.idempotency_key)
        ).all()
        audit = session.execute(
            select(
                AuditEntry.actor,
                AuditEntry.action,
                AuditEntry.entity,
                AuditEntry.entity_key,
                AuditEntry.before,
                AuditEntry.after,
            ).order_by(AuditEntry.id)
        ).all()
    return [tuple(row) for row in outbox], [tuple(row) for row in audit]


def forget_everything_posted(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        session.execute(delete(OutboxMessage))
        session.execute(delete(AuditEntry))


async def test_post_now_and_digest_post_leave_the_same_rows(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7")  # the digest screen; its first row is Xã Ngũ Hùng's chat
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    from_tui = left_behind(sessions)
    assert [row[0] for row in from_tui[0]] == [NH_CHAT]

    forget_everything_posted(sessions)
    cli = Tracker(sqlite_url)
    result = cli.ok(
        "digest", "--scope", "NH", "--date", "2026-11-22", "--post", "--officer", OFFICER
    )
    assert "queued 1 message(s)" in result.stderr
    from_cli = left_behind(sessions)

    assert from_cli == from_tui
    (entry,) = from_cli[1]
    assert entry == (
        OFFICER,
        "post",
        "digest",
        NH_CHAT,
        None,
        {"chat": "telegram:-1001000000001", "parts": 1},
    )
