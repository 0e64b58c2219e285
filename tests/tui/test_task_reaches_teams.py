"""Pilot, 80×24: a task given from the tasks screen is told to each assigned team's chat
once, and the matrix shows what a team said when it was done (issue 14: tasks reach the
teams)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import Label

from tests.tui.conftest import settle
from tracker.store.models import OutboxMessage, TaskAssignment, Team
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio


def queued(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.text).where(OutboxMessage.kind == "task")
        )
        return [(chat, text) for chat, text in rows]


async def new_task(pilot, code: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("n", *code, "tab", *"Tap huan chu ky so", "tab", *"05/12/2026", "tab")
    await pilot.press("ctrl+a", "ctrl+k", *"NH", "enter")
    await settle(pilot)


async def test_a_task_queues_one_message_per_team_chat_once(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await new_task(pilot, "TAP2")
        assert not isinstance(app.screen, FormDialog)
        # Ngũ Hùng's three teams: only Hội Yên's has a chat.
        assert [chat for chat, _ in queued(sessions)] == ["-1001000000002"]
        await new_task(pilot, "TAP2")  # the same task again: refused, nothing queued
        assert isinstance(app.screen, FormDialog)
        assert "đã có nhiệm vụ 'TAP2'" in str(app.screen.query_one("#code-problem", Label).render())
    [(_, text)] = queued(sessions)
    assert "TAP2" in text and "05/12/2026" in text


async def test_the_matrix_shows_the_completion_note(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        assignment = session.scalars(
            select(TaskAssignment).join(Team).where(Team.code == "CNCD_HoiYen_NguHung")
        ).one()
        assignment.status, assignment.note = "done", "đã lập nhóm 40 hộ"
        assignment.done_at = datetime(2026, 11, 12, 3, tzinfo=UTC)
    app = make_app(scope="NH")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        detail = str(app.screen.query_one("#cell-detail", Label).render())
    assert detail == "CNCĐ_Hội Yên_Ngũ Hùng: xong đúng hạn 12/11/2026 · đã lập nhóm 40 hộ"
