"""Pilot: teams with no quota in the month shown, on every screen.

Two store shapes officers meet every month: the 1st of a month, before any quota of the
new month is set (no team has one), and a store where only some teams have quotas (a
team created after the quotas were set). Every screen shows such teams, with no score
and "–" in their indicator cells, and none of them fails.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.factories import INDICATORS, build_world
from tests.tui.conftest import OFFICER, settle
from tracker.config import load_settings
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import Chat, Team, Unit
from tui.app import TrackerApp
from tui.context import TuiContext
from tui.widgets.dialogs import ErrorDialog

pytestmark = pytest.mark.anyio
SIZE = (80, 24)
NEW_TEAM = "CNCD_DT"


def store(sqlite_url: str, with_new_team: bool) -> str:
    """The test world with quotas for November 2026; a commune team under Đoàn Tùng, set
    up after them, has none; a chat bound to Đoàn Tùng gets its digest."""
    with session_factory(make_engine(sqlite_url)).begin() as session:
        build_world(session, "2026-11")
        dt = session.scalars(select(Unit).where(Unit.code == "DT")).one()
        if with_new_team:
            team = Team(code=NEW_TEAM, name="Tổ CNSCĐ xã Đoàn Tùng", level="commune", units=[dt])
            session.add(team)
        session.add(Chat(channel="telegram", chat_id="-1001000000009", title="Đoàn Tùng", unit=dt))
    return sqlite_url


def app_on(sqlite_url: str, today: date) -> TrackerApp:
    factory = session_factory(make_engine(sqlite_url))
    # The dashboard on the month of `today`, not the month before, which it opens on by
    # default on the first days of a month.
    settings = replace(load_settings(db_url=sqlite_url), previous_month_days=0)
    return TrackerApp(TuiContext(factory, settings, OFFICER, "HD", "vi", lambda: today))


def rows(app: TrackerApp, table_id: str) -> dict[str, list[str]]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}


async def show(app: TrackerApp, pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)
    assert not isinstance(app.screen, ErrorDialog), str(app.screen.query_one(Static).render())


async def test_the_first_of_a_month_before_its_quotas_are_set(sqlite_url: str) -> None:
    app = app_on(store(sqlite_url, with_new_team=False), date(2026, 12, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, ErrorDialog)
        ranking = rows(app, "ranking")
        assert len(ranking) == 4
        for cells in ranking.values():
            # No rank, no score, and "–" under every indicator (all of them: none has a
            # quota yet).
            assert cells[0] == "" and cells[2] == "–"
            assert len(cells) == 5 + len(INDICATORS) and set(cells[5:]) == {"–"}
        await show(app, pilot, "3")
        assert all(set(cells[1:]) == {"–"} for cells in rows(app, "quotas").values())
        assert len(rows(app, "quotas")) == 4
        await show(app, pilot, "6")
        assert len(rows(app, "monthly")) == 4
        await show(app, pilot, "7")
        text = str(app.screen.query_one("#digest-text", Static).render())
        assert "Chưa có tổ nào có chỉ tiêu tháng này." in text
        for key in "245":
            await show(app, pilot, key)
        await show(app, pilot, "1")
        assert len(rows(app, "ranking")) == 4


async def test_only_some_teams_have_quotas(sqlite_url: str) -> None:
    app = app_on(store(sqlite_url, with_new_team=True), date(2026, 11, 22))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ranking = rows(app, "ranking")
        assert len(ranking) == 5
        assert ranking[NEW_TEAM][0] == "" and ranking[NEW_TEAM][2] == "–"
        assert ranking[NEW_TEAM][5:] == ["–", "–"]  # dvc, ttdt: the indicators with quotas
        assert ranking["CNCD_DongTao_DoanTung"][5:] == ["0%", "0%"]
        await show(app, pilot, "3")
        assert set(rows(app, "quotas")[NEW_TEAM][1:]) == {"–"}
        await show(app, pilot, "6")
        assert NEW_TEAM in rows(app, "monthly")
        await show(app, pilot, "5")
        assert NEW_TEAM in rows(app, "matrix")
        await show(app, pilot, "7")
        text = str(app.screen.query_one("#digest-text", Static).render())
        assert "(1 tổ chưa có chỉ tiêu)" in text
        for key in "241":
            await show(app, pilot, key)
