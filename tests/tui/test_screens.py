"""Pilot tests: keys pressed in an 80×24 terminal, then what the widgets and the store hold."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Label, Static

from tests.tui.conftest import OFFICER, from_unknown_sender, settle
from tracker.store.models import MonthlyReport, ReportEntry, ReviewItem, Team
from tui.screens.following import FollowingScreen
from tui.widgets.accept import AcceptDialog
from tui.widgets.dialogs import ErrorDialog
from tui.widgets.form import FormDialog

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


def cells(table: DataTable, column: int) -> list[str]:  # type: ignore[type-arg]
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


def texts(table: DataTable, row: int) -> list[str]:  # type: ignore[type-arg]
    return [str(cell) for cell in table.get_row_at(row)]


async def test_dashboard_ranks_the_top_team_first(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ranking = app.screen.query_one("#ranking", DataTable)
        assert cells(ranking, 1)[0] == "CNCĐ_Hội Yên_Ngũ Hùng"
        assert texts(ranking, 0)[2:5] == ["100%", "", "đúng hạn"]  # no quota in October: no ±
        # Per indicator, achieved ÷ target: Phú Khê has 30 of 75 ttdt and none of 20 dvc.
        headers = [str(column.label) for column in ranking.columns.values()]
        assert headers[2:] == ["Điểm", "±", "BC tháng", "dvc", "ttdt"]
        assert texts(ranking, 1)[1:] == [
            "CNCĐ_Phú Khê_Ngũ Hùng",
            "20%",
            "",
            "quá hạn",
            "0%",
            "40%",
        ]
        overdue = cells(app.screen.query_one("#overdue", DataTable), 0)
        assert "CNCĐ_Phú Khê_Ngũ Hùng" in overdue
        assert "CNCĐ_Hội Yên_Ngũ Hùng" not in overdue
        totals = app.screen.query_one("#totals", DataTable)
        assert texts(totals, 0)[:2] == ["dvc", "24/60"]
        header = app.screen.query_one("#dash-header", Label)
        assert "Tỉnh Hải Dương" in str(header.render())


async def test_accepting_a_review_item_counts_it(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#review", DataTable)
        assert cells(table, 4) == ["bc ttdt 7"]
        assert "bc ttdt 7" in str(app.screen.query_one("#review-text", Static).render())
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AcceptDialog)
        await pilot.click("#team")
        await pilot.press(*"CNCD_PhuKhe_NguHung")
        await pilot.press("enter")
        await settle(pilot)
        assert cells(app.screen.query_one("#review", DataTable), 0) == []
        await pilot.press("1")
        await settle(pilot)
        ranking = app.screen.query_one("#ranking", DataTable)
        row = cells(ranking, 1).index("CNCĐ_Phú Khê_Ngũ Hùng")
        assert texts(ranking, row)[2] == "25%"  # (37/75 + 0/20) / 2
    with sessions() as session:
        item = session.scalars(select(ReviewItem)).one()
        assert item.status == "accepted" and item.decided_by == OFFICER
        entry = session.get(ReportEntry, item.entry_id)
        assert entry is not None and entry.value == 7 and entry.team.code == "CNCD_PhuKhe_NguHung"


async def test_rejecting_a_review_item(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"khong phai thanh vien", "enter")
        await settle(pilot)
    with sessions() as session:
        assert session.scalars(select(ReviewItem.status)).one() == "rejected"


async def test_the_review_inbox_and_monthly_reports_follow_what_sync_adds(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert cells(app.screen.query_one("#review", DataTable), 4) == ["bc ttdt 7"]
        with sessions.begin() as session:  # as sync would: a message it could not count
            sent = datetime(2026, 11, 21, 2, tzinfo=UTC)
            session.add(from_unknown_sender("78", "Người lạ", "bc dvc 2", sent))
        screen = app.screen
        assert isinstance(screen, FollowingScreen)
        screen.check_version()  # what its timer calls every CHECK_EVERY seconds
        await settle(pilot)
        assert cells(app.screen.query_one("#review", DataTable), 4) == ["bc ttdt 7", "bc dvc 2"]

        await pilot.press("6")
        await settle(pilot)
        table = app.screen.query_one("#monthly", DataTable)
        phu_khe = cells(table, 0).index("CNCĐ_Phú Khê_Ngũ Hùng")
        assert texts(table, phu_khe)[2] == "quá hạn"
        with sessions.begin() as session:
            team = session.scalars(select(Team).where(Team.code == "CNCD_PhuKhe_NguHung")).one()
            sent = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
            session.add(MonthlyReport(team=team, month="2026-11", submitted_at=sent))
        app.screen.check_version()  # type: ignore[attr-defined]
        await settle(pilot)
        assert texts(table, phu_khe)[2] == "muộn"


async def test_hierarchy_shows_the_teams_and_members_of_a_unit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("down")  # Xã Đoàn Tùng
        await settle(pilot)
        teams = app.screen.query_one("#teams", DataTable)
        assert cells(teams, 1) == []  # no team covers the commune DT itself
        await pilot.press("enter", "down")  # open DT, go to Thôn Đông Tảo
        await settle(pilot)
        assert cells(app.screen.query_one("#teams", DataTable), 1) == ["CNCD_DongTao_DoanTung"]
        await settle(pilot)
        members = app.screen.query_one("#members", DataTable)
        assert cells(members, 0) == ["Phạm Thị Dung"]
        assert texts(members, 0)[3] == "Tổ trưởng"


async def test_an_error_shows_a_dialog_not_a_traceback(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(scope="NOWHERE")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "không có đơn vị mã 'NOWHERE'" in str(
            app.screen.query_one("#message", Static).render()
        )
        await pilot.press("enter")
        assert not isinstance(app.screen, ErrorDialog)


async def test_english_and_the_command_palette(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert texts(app.screen.query_one("#ranking", DataTable), 0)[4] == "on time"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Quotas")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "quotas"
