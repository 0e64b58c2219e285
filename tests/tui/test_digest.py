"""Pilot: the digest preview, and "post now" sending once even with the scheduled run."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Static

from tests.tui.conftest import OFFICER, TODAY, settle
from tracker.config import load_settings
from tracker.digest import chat_digest_texts
from tracker.store.models import AuditEntry, Chat, OutboxMessage
from tracker.sync.schedule import queue_digests
from tui.widgets.confirm import ConfirmDialog

pytestmark = pytest.mark.anyio
SIZE = (80, 24)
LIMITS = {"telegram": 4096, "zalo": 2000}
NH_CHAT = "digest:telegram:-1001000000001:2026-11-22"


def column(app, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#chats", DataTable)
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def shown_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#digest-text", Static).render())


async def test_preview_then_post_now_sends_once(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    settings = load_settings(db_url=sqlite_url)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await settle(pilot)
        assert column(app, 2) == ["Xã Ngũ Hùng", "CNCĐ_Hội Yên_Ngũ Hùng", "Xã Đoàn Tùng"]
        assert column(app, 3) == ["chưa gửi"] * 3
        assert "Bảng tin CNCĐ: Xã Ngũ Hùng" in shown_text(app)
        await pilot.press("down")  # the team's own chat gets the team digest
        await settle(pilot)
        assert "Hạng 1/2 trong Xã Ngũ Hùng" in shown_text(app)
        await pilot.press("up", "p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # changed my mind: nothing queued
        await settle(pilot)
        with sessions() as session:
            assert session.scalars(select(OutboxMessage)).all() == []
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert column(app, 3) == ["chờ gửi", "chưa gửi", "chưa gửi"]
        await pilot.press("p")  # a second time: already queued, nothing more
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
    with sessions() as session:
        queued = session.scalars(select(OutboxMessage)).one()
        assert queued.idempotency_key == NH_CHAT and queued.kind == "digest"
        chat = session.scalars(select(Chat).where(Chat.chat_id == "-1001000000001")).one()
        assert [queued.text] == chat_digest_texts(session, [chat], TODAY, settings)[chat.id]
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "digest")).one()
        assert audit.actor == OFFICER and audit.entity_key == NH_CHAT
    # The scheduled run later that day queues the other chats, and not this one again.
    assert queue_digests(sessions, settings, TODAY, LIMITS) == 2
    with sessions() as session:
        keys = session.scalars(select(OutboxMessage.idempotency_key)).all()
        assert sorted(keys) == sorted(
            [
                NH_CHAT,
                "digest:telegram:-1001000000002:2026-11-22",
                "digest:zalo:zg-1:2026-11-22",
            ]
        )


async def test_a_commune_scope_lists_only_its_chats(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en", scope="DT")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await settle(pilot)
        assert column(app, 0) == ["zalo"] and column(app, 3) == ["not queued"]
        assert "Xã Đoàn Tùng" in shown_text(app)
