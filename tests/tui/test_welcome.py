"""Pilot, 80×24: a first run on an empty store opens on a short welcome, and each of its
three ways in works from there: import a file, load the demo, add the first unit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import Input, Label, Tree

from tests.tui.conftest import OFFICER, settle
from tracker.config import load_settings
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import AuditEntry, Team, Unit
from tui.app import TrackerApp
from tui.context import TuiContext
from tui.screens.dashboard import DashboardScreen
from tui.screens.hierarchy import HierarchyScreen
from tui.screens.welcome import WelcomeScreen
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio
IMPORTS = Path(__file__).parents[1] / "data" / "import"


@pytest.fixture
def empty(sqlite_url: str) -> tuple[TrackerApp, sessionmaker[Session]]:
    sessions = session_factory(make_engine(sqlite_url))
    settings = load_settings(db_url=sqlite_url)
    ctx = TuiContext(sessions, settings, OFFICER, "", "vi", lambda: date(2026, 11, 22))
    return TrackerApp(ctx), sessions


def shown(app: TrackerApp) -> str:
    return " ".join(str(label.render()) for label in app.screen.query(Label))


async def test_an_empty_store_opens_on_the_welcome(empty) -> None:  # type: ignore[no-untyped-def]
    app, _ = empty
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "Kho dữ liệu còn trống" in shown(app)
        await pilot.press("1")  # no unit to show yet: the screens stay closed
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)


async def test_the_first_unit_by_hand_opens_the_hierarchy_on_it(empty) -> None:  # type: ignore[no-untyped-def]
    app, sessions = empty
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"HD", "tab", *"Tỉnh Hải Dương", "enter")  # level: tỉnh, as offered
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HierarchyScreen)
        assert app.ctx.scope == "HD"
        tree = app.screen.query_one(Tree)
        assert tree.get_node_at_line(0).data.code == "HD"
    with sessions() as session:
        unit = session.scalars(select(Unit)).one()
        assert (unit.code, unit.name, unit.level) == ("HD", "Tỉnh Hải Dương", "province")
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "unit")).one()
        assert entry.actor == OFFICER


async def test_import_units_then_teams_then_open_the_screens(empty) -> None:  # type: ignore[no-untyped-def]
    app, sessions = empty
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("tab", *str(IMPORTS / "teams.csv"), "enter")  # teams before units
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # refused, as typed
        assert app.screen.query_one("#path", Input).value == str(IMPORTS / "teams.csv")
        await pilot.press("ctrl+a", "ctrl+k", *str(IMPORTS / "units.csv"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)  # the welcome stays for the next file
        await pilot.press("i", "ctrl+a", "ctrl+k", *"teams", "tab", *str(IMPORTS / "teams.csv"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("c")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.ctx.scope
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Team))


async def test_load_the_demo_and_open_the_dashboard(empty) -> None:  # type: ignore[no-untyped-def]
    app, sessions = empty
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    with sessions() as session:
        # Today's top unit: the demo's old provinces ended on 1 July 2025.
        top = session.scalars(
            select(Unit).where(Unit.parent_id.is_(None), Unit.valid_to.is_(None))
        ).one()
    assert app.ctx.scope == top.code == "31"
