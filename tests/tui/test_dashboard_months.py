"""Pilot at 80×24: the dashboard steps through months with `[` and `]`, opens on last
month on the first days of a month, shows each team's change since the month before (±),
dates its chart, and keeps the team column in place when the ranking scrolls sideways."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Label

from tests.tui.conftest import OFFICER, settle
from tracker.config import load_settings
from tracker.periods import Period
from tracker.quotas import set_quota
from tracker.store.models import Indicator, ReportEntry, Team
from tui.app import TrackerApp
from tui.context import TuiContext
from tui.screens.dashboard import opening_month

pytestmark = pytest.mark.anyio
SIZE = (80, 24)
OCTOBER = Period.parse("2026-10")


def october(sessions: sessionmaker[Session]) -> None:
    """October: Phú Khê did all its 10 filings, Đông Tảo 2 of 10; Hội Yên had no quota."""
    with sessions.begin() as session:
        for team, target, done in [
            ("CNCD_PhuKhe_NguHung", "10", 10),
            ("CNCD_DongTao_DoanTung", "10", 2),
        ]:
            set_quota(session, team, "dvc", OCTOBER, target, OFFICER)
            session.add(
                ReportEntry(
                    team=session.scalars(select(Team).where(Team.code == team)).one(),
                    indicator=session.scalars(
                        select(Indicator).where(Indicator.code == "dvc")
                    ).one(),
                    local_date=date(2026, 10, 15),
                    value=done,
                    sent_at=datetime(2026, 10, 15, 2, tzinfo=UTC),
                    officer="seed",
                )
            )


def ranking(app: TrackerApp) -> list[list[str]]:
    table = app.screen.query_one("#ranking", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def label(app: TrackerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).render())


async def test_left_bracket_shows_last_months_ranking(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    october(sessions)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "tháng 2026-11" in label(app, "#dash-header")
        # November, with the change since October in points beside each score.
        assert [row[1:4] for row in ranking(app)[:3]] == [
            ["CNCĐ_Hội Yên_Ngũ Hùng", "100%", ""],  # no quota in October
            ["CNCĐ_Phú Khê_Ngũ Hùng", "20%", "−80"],
            ["CNCĐ_Đông Tảo_Đoàn Tùng", "10%", "−10"],
        ]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "tháng 2026-10" in label(app, "#dash-header")
        assert [row[:3] for row in ranking(app)[:2]] == [
            ["1", "CNCĐ_Phú Khê_Ngũ Hùng", "100%"],
            ["2", "CNCĐ_Đông Tảo_Đoàn Tùng", "20%"],
        ]
        # The chart is October's, dated under it.
        assert label(app, "#chart-caption").startswith("dvc · Tỉnh Hải Dương · tháng 2026-10")
        assert label(app, "#chart-axis").startswith("01/10") and "08/10" in label(
            app, "#chart-axis"
        )
        await pilot.press("right_square_bracket", "right_square_bracket")  # not past November
        await settle(pilot)
        assert "tháng 2026-11" in label(app, "#dash-header")
        assert ranking(app)[1][1:4] == ["CNCĐ_Phú Khê_Ngũ Hùng", "20%", "−80"]


async def test_on_the_first_days_it_opens_on_last_month(  # type: ignore[no-untyped-def]
    sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    assert opening_month(date(2026, 12, 5), 5) == Period.parse("2026-11")
    assert opening_month(date(2026, 12, 6), 5) == Period.parse("2026-12")
    assert opening_month(date(2026, 1, 1), 5) == Period.parse("2025-12")
    assert opening_month(date(2026, 12, 1), 0) == Period.parse("2026-12")
    settings = load_settings(db_url=sqlite_url)
    assert settings.previous_month_days == 5
    for days, shown in [(5, "2026-11"), (2, "2026-12")]:
        ctx = TuiContext(
            sessions,
            replace(settings, previous_month_days=days),
            OFFICER,
            "HD",
            "vi",
            lambda: date(2026, 12, 3),
        )
        app = TrackerApp(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert f"tháng {shown}" in label(app, "#dash-header")


async def test_the_team_column_stays_when_the_ranking_scrolls_right(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    codes = ("ocop", "vneid", "app1", "app2", "app3")
    with sessions.begin() as session:  # seven indicators: many more columns than 80 hold
        for code in codes[2:]:
            session.add(Indicator(code=code, name=code, pillar="society", aliases=[]))
        session.flush()
        for code in codes:
            set_quota(session, "CNCD_HoiYen_NguHung", code, Period.parse("2026-11"), "5", OFFICER)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#ranking", DataTable)
        assert table.max_scroll_x > 20  # more than the rank and a little of the name
        await pilot.press(*["right"] * 40)
        await settle(pilot)
        assert table.scroll_x == table.max_scroll_x
        lines = [table.render_line(y).text for y in range(4)]  # the header, three teams
        # The last indicator's header is in view, and so are each team's rank and whole name.
        assert "vneid" in lines[0] and lines[0].lstrip().startswith("# ")
        assert lines[1].lstrip().startswith("1 ")
        for line, name in zip(
            lines[1:],
            ["CNCĐ_Hội Yên_Ngũ Hùng", "CNCĐ_Phú Khê_Ngũ Hùng", "CNCĐ_Đông Tảo_Đoàn Tùng"],
            strict=True,
        ):
            assert name in line
