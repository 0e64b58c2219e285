"""Pilot: the monthly reports screen shows each team's deadline, state and report text."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Label, Static

from tests.tui.conftest import settle
from tracker.store.models import MonthlyReport

pytestmark = pytest.mark.anyio


def rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_monthly_statuses_deadlines_and_text(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.execute(
            update(MonthlyReport).values(
                difficulties="Thiếu điện thoại thông minh", proposals="Thêm tập huấn"
            )
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        table = app.screen.query_one("#monthly", DataTable)
        assert rows(table) == [
            ["CNCĐ_Đông Tảo_Đoàn Tùng", "18/11/2026", "quá hạn", ""],  # by team code
            ["CNCĐ_Hội Yên_Ngũ Hùng", "18/11/2026", "đúng hạn", "10/11/2026"],
            ["Tổ CNSCĐ xã Ngũ Hùng", "20/11/2026", "quá hạn", ""],
            ["CNCĐ_Phú Khê_Ngũ Hùng", "18/11/2026", "quá hạn", ""],
        ]
        await pilot.press("down")  # Hội Yên, which sent its report
        await settle(pilot)
        text = str(app.screen.query_one("#monthly-text", Static).render())
        assert "Thiếu điện thoại thông minh" in text and "Thêm tập huấn" in text
        await pilot.press("right_square_bracket")  # December: nobody is due yet
        await settle(pilot)
        table = app.screen.query_one("#monthly", DataTable)
        assert {row[2] for row in rows(table)} == {"chưa đến hạn"}
        header = str(app.screen.query_one("#monthly-header", Label).render())
        assert "2026-12" in header and "chưa đến hạn 4" in header
    with sessions() as session:
        assert session.scalars(select(MonthlyReport.month)).all() == ["2026-11"]


async def test_approve_and_return_keys_with_a_reason_kept_when_refused(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], clock_at
) -> None:
    from textual.widgets import Input

    from tracker.store.models import AuditEntry, MonthlyDecision

    clock_at("2026-11-22T10:00")  # the screen's day: decisions made now are seen on it
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        # Đông Tảo (first row) never reported: the return is refused, the reason kept.
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = "Thiếu số liệu VNeID"
        await pilot.press("enter")
        await settle(pilot)
        prompt = app.screen
        assert prompt.query_one("#answer", Input).value == "Thiếu số liệu VNeID"
        question = str(prompt.query_one(Label).render())
        assert "chưa gửi báo cáo tháng 2026-11" in question
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("down")  # Hội Yên, which reported on time
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = "Ghi rõ số hộ đã hỗ trợ"
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#monthly", DataTable)
        assert rows(table)[1][2] == "trả lại"
        text = str(app.screen.query_one("#monthly-text", Static).render())
        assert "Ghi rõ số hộ đã hỗ trợ" in text

        await pilot.press("a")
        await settle(pilot)
        assert rows(app.screen.query_one("#monthly", DataTable))[1][2] == "đã duyệt"
        await pilot.press("up", "a")  # approving a team that never reported: refused
        await settle(pilot)
        assert "chưa gửi báo cáo" in str(app.screen.query_one("#message", Static).render())
    with sessions() as session:
        decision = session.scalars(select(MonthlyDecision)).one()
        assert (decision.status, decision.decided_by) == ("approved", "Cán bộ Kiểm thử")
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "monthly_report")
        ).all()
        assert actions == ["return", "approve"]


async def test_export_the_compiled_report(  # type: ignore[no-untyped-def]
    make_app, tmp_path
) -> None:
    from openpyxl import load_workbook
    from textual.widgets import Input

    target = tmp_path / "bao-cao.xlsx"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#answer", Input).value == "bao-cao_HD_2026-11.docx"
        app.screen.query_one("#answer", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    book = load_workbook(target)
    names = {row[1] for row in book["Các tổ"].iter_rows(min_row=2, values_only=True)}
    assert "CNCĐ_Hội Yên_Ngũ Hùng" in names and "CNCĐ_Đông Tảo_Đoàn Tùng" in names
