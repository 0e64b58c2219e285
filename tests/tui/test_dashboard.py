"""Pilot: the dashboard's daily chart, and its refresh when the store changes under it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Label

from tests.tui.conftest import OFFICER, settle
from tracker.periods import Period
from tracker.quotas import set_quota
from tracker.store.models import Indicator, ReportEntry, Team
from tui.screens.dashboard import DashboardScreen
from tui.widgets.bars import DailyChart
from tui.widgets.cell_editor import CellEditor

pytestmark = pytest.mark.anyio
SIZE = (80, 24)


def row_of(app, team: str) -> list[str]:  # type: ignore[no-untyped-def]
    """rank, name, score, dvc %, ttdt % (the ± and report columns, between them, left out)."""
    table = app.screen.query_one("#ranking", DataTable)
    cells = [str(cell) for cell in table.get_row(team)]
    return cells[:3] + cells[5:]


def caption(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#chart-caption", Label).render())


def add_entry(sessions: sessionmaker[Session], team: str, indicator: str, value: int) -> None:
    with sessions.begin() as session:
        counted = session.scalars(select(Indicator).where(Indicator.code == indicator)).one()
        session.add(
            ReportEntry(
                team=session.scalars(select(Team).where(Team.code == team)).one(),
                indicator=counted,
                local_date=date(2026, 11, 21),
                value=value,
                sent_at=datetime(2026, 11, 21, 2, 0, tzinfo=UTC),
                officer="sync",
            )
        )


async def test_the_chart_follows_the_chosen_team_and_indicator(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        chart = app.screen.query_one(DailyChart)
        # The whole province, first indicator (dvc): 20 + 4 counted on 10/11, 12 days ago;
        # one value a day of November up to today, the 22nd.
        assert len(chart.values) == 22 and chart.values[-13] == 24 and sum(chart.values) == 24
        assert "Tỉnh Hải Dương" in caption(app) and "tổng 24" in caption(app)
        await pilot.press("enter")  # the first row: Hội Yên
        await settle(pilot)
        assert "CNCĐ_Hội Yên_Ngũ Hùng" in caption(app) and sum(chart.values) == 20
        await pilot.press("i")  # next indicator: ttdt
        await settle(pilot)
        assert caption(app).startswith("ttdt · ")
        assert sum(chart.values) == 90
        await pilot.press("down", "enter")  # Phú Khê, still ttdt
        await settle(pilot)
        assert "CNCĐ_Phú Khê_Ngũ Hùng" in caption(app) and sum(chart.values) == 30
        await pilot.press("enter")  # the charted team again: back to the scope
        await settle(pilot)
        assert "Tỉnh Hải Dương" in caption(app) and sum(chart.values) == 120


async def test_new_data_reloads_only_when_the_version_changed(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        reloads: list[str] = []
        reload = screen.reload
        screen.reload = lambda: (reloads.append("reload"), reload())  # type: ignore[method-assign]
        screen.check_version()  # what the timer calls every CHECK_EVERY seconds
        await settle(pilot)
        assert reloads == []  # nothing changed: nothing reloaded
        assert row_of(app, "CNCD_PhuKhe_NguHung")[2:5] == ["20%", "0%", "40%"]
        add_entry(sessions, "CNCD_PhuKhe_NguHung", "dvc", 10)  # as sync would
        screen.check_version()
        await settle(pilot)
        assert reloads == ["reload"]
        assert row_of(app, "CNCD_PhuKhe_NguHung")[2:5] == ["45%", "50%", "40%"]


async def test_the_timer_notices_new_data(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DashboardScreen, "CHECK_EVERY", 0.05)
    app = make_app()

    async def until_ttdt(shown: str) -> None:
        # Only pauses: waiting for the workers would race the timer starting new ones.
        for _ in range(100):
            await pilot.pause(0.05)
            team = "CNCD_DongTao_DoanTung"
            rows = app.screen.query_one("#ranking", DataTable).rows
            if team in rows and row_of(app, team)[4] == shown:
                return

    async with app.run_test(size=SIZE) as pilot:
        await until_ttdt("0%")
        add_entry(sessions, "CNCD_DongTao_DoanTung", "ttdt", 60)
        await until_ttdt("50%")
        assert row_of(app, "CNCD_DongTao_DoanTung")[2:5] == ["35%", "20%", "50%"]


async def test_a_quota_edited_on_the_quotas_screen_changes_the_percentage(  # type: ignore[no-untyped-def]
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row_of(app, "CNCD_DongTao_DoanTung")[2:5] == ["10%", "20%", "0%"]
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("enter")  # the grid's first cell: Đông Tảo × dvc, 20
        editor = app.screen.query_one(CellEditor)
        assert editor.display and editor.value == "20"
        await pilot.press(*"8", "enter")  # typing replaces the selected target
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        # 4 of 8 dvc filings: 50%, and the score is the mean of 50% and 0%.
        assert row_of(app, "CNCD_DongTao_DoanTung")[2:5] == ["25%", "50%", "0%"]


async def test_a_quota_changed_elsewhere_shows_at_the_next_check(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with sessions.begin() as session:  # another officer, through the quota service
            set_quota(
                session, "CNCD_HoiYen_NguHung", "ttdt", Period.parse("2026-11"), "180", OFFICER
            )
        assert row_of(app, "CNCD_HoiYen_NguHung")[4] == "100%"
        app.screen.check_version()  # type: ignore[attr-defined]
        await settle(pilot)
        assert row_of(app, "CNCD_HoiYen_NguHung")[2:5] == ["75%", "100%", "50%"]


async def test_the_cursor_stays_on_its_team_when_the_ranking_moves(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # Đông Tảo, third
        ranking = app.screen.query_one("#ranking", DataTable)
        assert ranking.cursor_row == 2
        add_entry(sessions, "CNCD_DongTao_DoanTung", "ttdt", 120)  # 60%: now second
        app.screen.check_version()  # type: ignore[attr-defined]
        await settle(pilot)
        assert row_of(app, "CNCD_DongTao_DoanTung")[:3] == ["2", "CNCĐ_Đông Tảo_Đoàn Tùng", "60%"]
        assert ranking.cursor_row == 1
