"""Pilot: the teams × tasks matrix, moved through by keyboard, and a cell marked done."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Label

from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, Task, TaskAssignment, Team
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio
# Rows by team code: Đông Tảo, Hội Yên, the commune team of Ngũ Hùng, Phú Khê.


def rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#matrix", DataTable)
    return [[str(c) for c in table.get_row_at(row)] for row in range(table.row_count)]


def line(app, widget: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(widget, Label).render())


async def test_the_matrix_shows_each_assignment_and_marks_one_done(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:  # a second task, for the commune team only, not yet due
        team = session.scalars(select(Team).where(Team.code == "CNCD_NH")).one()
        task = Task(code="TAP2", title="Tập huấn chữ ký số", due=date(2026, 12, 5))
        task.assignments = [TaskAssignment(team=team)]
        session.add(task)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#matrix", DataTable)
        assert [str(k.value) for k in table.columns][1:] == ["ZALO1", "TAP2"]
        assert [row[1:] for row in rows(app)] == [
            ["quá hạn", "–"],
            ["quá hạn", "–"],
            ["–", "đang làm"],
            ["quá hạn", "–"],
        ]
        assert "ZALO1 · Lập nhóm Zalo thôn · hạn 15/11/2026 · 0/3" in line(app, "#task-detail")
        await pilot.press("down", "down", "right")  # Ngũ Hùng's team × TAP2
        assert "TAP2" in line(app, "#task-detail")
        assert line(app, "#cell-detail") == "Tổ CNSCĐ xã Ngũ Hùng: đang làm"
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"da tap huan 12 nguoi", "enter")
        await settle(pilot)
        assert rows(app)[2][1:] == ["–", "xong"]
        assert rows(app)[0][1:] == ["quá hạn", "–"]
        await pilot.press("left", "x")  # not assigned: nothing to mark
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)
    with sessions() as session:
        done = session.scalars(select(TaskAssignment).where(TaskAssignment.status == "done")).one()
        assert (done.team.code, done.note) == ("CNCD_NH", "da tap huan 12 nguoi")
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "task")).one()
        assert (audit.actor, audit.action, audit.entity_key) == (OFFICER, "done", "TAP2/CNCD_NH")


async def test_marking_an_overdue_assignment_done_late_in_english(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("down", "x", *"group created", "enter")  # Hội Yên × ZALO1
        await settle(pilot)
        assert [row[1] for row in rows(app)] == ["late", "done late", "–", "late"]
        assert line(app, "#cell-detail").startswith("CNCĐ_Hội Yên_Ngũ Hùng: done late")
        await pilot.press("x")  # done already: no second note
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)
    with sessions() as session:
        done = session.scalars(select(TaskAssignment).where(TaskAssignment.status == "done")).one()
        assert done.team.code == "CNCD_HoiYen_NguHung" and done.note == "group created"
