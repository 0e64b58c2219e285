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
