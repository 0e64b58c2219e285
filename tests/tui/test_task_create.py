"""Pilot: create a task for a unit, and every team under it gets an open assignment."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Input, Label

from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, Task
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio


def column(table: DataTable, n: int) -> list[str]:  # type: ignore[type-arg]
    return [str(table.get_row_at(row)[n]) for row in range(table.row_count)]


async def test_create_a_task_for_a_unit(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"TAP2", "tab", *"Tap huan chu ky so", "tab", *"05/12/2026", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *"NH", "enter")
        await settle(pilot)
        matrix = app.screen.query_one("#matrix", DataTable)
        assert [str(key.value) for key in matrix.columns][1:] == ["ZALO1", "TAP2"]
        # Rows by team code: Đông Tảo (not in Ngũ Hùng), then Ngũ Hùng's three teams.
        assert column(matrix, 2) == ["–", "đang làm", "đang làm", "đang làm"]  # not yet due
        detail = str(app.screen.query_one("#task-detail", Label).render())
        assert detail == "TAP2 · Tap huan chu ky so · hạn 05/12/2026 · 0/3"  # its column chosen
    with sessions() as session:
        task = session.scalars(select(Task).where(Task.code == "TAP2")).one()
        assert sorted(a.team.code for a in task.assignments) == [
            "CNCD_HoiYen_NguHung",
            "CNCD_NH",
            "CNCD_PhuKhe_NguHung",
        ]
        assert {a.status for a in task.assignments} == {"open"}
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_key == "TAP2")).one()
        assert audit.actor == OFFICER


async def test_a_bad_due_date_is_shown_under_the_field(make_app) -> None:  # type: ignore[no-untyped-def]
    """The form stays open with what was typed, the refusal under the due date."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("n", *"TAP3", "tab", *"Viec", "tab", *"mai", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert "'mai'" in str(app.screen.query_one("#due-problem", Label).render())
        assert app.screen.query_one("#code", Input).value == "TAP3"
        assert app.screen.query_one("#title", Input).value == "Viec"
