"""Pilot at 80×24: the units screen shows today's map, `g` shows another day's, a unit's
detail tells its history, and the scope picker searches without diacritics.

The store: Tỉnh Hải Dương had Huyện Nam Sách over three communes; on 1 July 2025 the
district ended, Thị trấn Nam Sách and Xã Nam Hưng merged into Xã Nam Sách (keeping the
code 11002), and Xã An Lâm was renamed and moved under the province.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import Input, Label, Tree
from textual.widgets.tree import TreeNode

from tests.conftest import Tracker
from tests.tui.conftest import OFFICER, TODAY, settle
from tracker.config import load_settings
from tracker.roster import UnitView
from tracker.store.engine import make_engine, session_factory
from tui.app import TrackerApp
from tui.context import TuiContext
from tui.screens.hierarchy import HierarchyScreen
from tui.screens.scope import ScopePicker

pytestmark = pytest.mark.anyio
SIZE = (80, 24)

UNITS = """code,name,level,parent
HD,Tỉnh Hải Dương,tỉnh,
NS,Huyện Nam Sách,huyện,HD
11002,Thị trấn Nam Sách,thị trấn,NS
11005,Xã Nam Hưng,xã,NS
11008,Xã An Lâm,xã,NS
"""
TEAMS = """code,name,units,active_from
T_NS,Tổ Nam Sách,11002,2025-01-01
T_NH,Tổ Nam Hưng,11005,2025-01-01
"""
MAPPING = """old_code,new_code,new_name,new_level,new_parent
NS,,,,
11002,11002,Xã Nam Sách,xã,HD
11005,11002,Xã Nam Sách,xã,HD
11008,11008,Xã An Lâm Mới,xã,HD
"""


@pytest.fixture
def sessions(sqlite_url: str, tmp_path: Path) -> sessionmaker[Session]:
    tracker = Tracker(sqlite_url)
    for name, text in (("units", UNITS), ("teams", TEAMS)):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        tracker.ok("import", name, str(path))
    mapping = tmp_path / "sap-xep.csv"
    mapping.write_text(MAPPING, encoding="utf-8")
    tracker.ok("reorganize", str(mapping), "--effective", "2025-07-01")
    return session_factory(make_engine(sqlite_url))


@pytest.fixture
def app(sessions: sessionmaker[Session], sqlite_url: str) -> TrackerApp:
    ctx = TuiContext(sessions, load_settings(db_url=sqlite_url), OFFICER, "HD", "vi", lambda: TODAY)
    return TrackerApp(ctx)


def _shown(tree: Tree[UnitView]) -> list[str]:
    """The codes the tree shows, top to bottom, as its branches are open."""
    found = []
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and node.data is not None:
            found.append(node.data.code)
    return found


def _node(tree: Tree[UnitView], code: str) -> TreeNode[UnitView]:
    stack = list(tree.root.children)
    while stack:
        node = stack.pop()
        if node.data is not None and node.data.code == code:
            return node
        stack.extend(node.children)
    raise AssertionError(f"{code} not shown")


def _label(app: TrackerApp, widget: str) -> str:
    return str(app.screen.query_one(widget, Label).render())


async def _open_all(pilot, tree: Tree[UnitView]) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is not None and node.allow_expand and not node.children:
                node.expand()
        await settle(pilot)


async def _cursor_on(pilot, tree: Tree[UnitView], code: str) -> None:  # type: ignore[no-untyped-def]
    tree.move_cursor(_node(tree, code))
    await settle(pilot)


async def test_the_units_screen_shows_today_and_another_day(app: TrackerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, HierarchyScreen)
        tree = app.screen.query_one("#units", Tree)
        await _open_all(pilot, tree)
        # Today: the province's communes straight under it, no ended district.
        assert _shown(tree) == ["HD", "11002", "11008"]

        await pilot.press("g")
        await settle(pilot)
        answer = app.screen.query_one("#answer", Input)
        answer.value = "2025-06-20"
        await pilot.press("enter")
        await settle(pilot)
        await _open_all(pilot, tree)
        assert _shown(tree) == ["HD", "NS", "11002", "11005", "11008"]
        await _cursor_on(pilot, tree, "11005")
        assert "Bản đồ ngày 2025-06-20" in _label(app, "#unit-info")
        assert "Xã Nam Hưng" in _label(app, "#teams-title")
        history = _label(app, "#unit-history")
        assert "có từ đầu đến 2025-06-30" in history
        assert "đã gộp vào: 11002 Xã Nam Sách" in history
        # Another day's map is for reading: the editors wait for today's.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, HierarchyScreen)

        await pilot.press("g")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = "30/6"
        await pilot.press("enter")
        await settle(pilot)
        assert _shown(tree) == ["HD", "NS", "11002", "11005", "11008"]  # kept, not emptied

        await pilot.press("g")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        await _open_all(pilot, tree)
        assert _shown(tree) == ["HD", "11002", "11008"]
        await pilot.press("e")
        await settle(pilot)
        assert not isinstance(app.screen, HierarchyScreen)  # today's map: the form opens


async def test_a_units_detail_tells_its_history(app: TrackerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        tree = app.screen.query_one("#units", Tree)
        await _open_all(pilot, tree)
        await _cursor_on(pilot, tree, "11002")
        history = _label(app, "#unit-history")
        assert "có từ 2025-07-01 đến nay" in history
        assert "gộp từ: 11002 Thị trấn Nam Sách, 11005 Xã Nam Hưng" in history
        assert "Bản đồ ngày" not in _label(app, "#unit-info")  # today's map, said nowhere
        # The merged commune holds the teams of both old communes.
        teams = app.screen.query_one("#teams")
        assert teams.row_count == 2  # type: ignore[attr-defined]
        await _cursor_on(pilot, tree, "11008")
        assert "tên cũ: Xã An Lâm (… – 2025-06-30)" in _label(app, "#unit-history")
        await _cursor_on(pilot, tree, "HD")
        assert not app.screen.query_one("#unit-history", Label).display


async def test_the_scope_picker_searches_without_diacritics(app: TrackerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ScopePicker)
        tree = app.screen.query_one("#scope-tree", Tree)
        # Typed in the tree, the letters go to the search line.
        await pilot.press(*"an lam")
        await settle(pilot)
        assert app.screen.query_one("#scope-search", Input).value == "an lam"
        assert _shown(tree) == ["11008"]  # today's Xã An Lâm Mới, not the ended namesakes
        search = app.screen.query_one("#scope-search", Input)
        search.value = "nam"
        await settle(pilot)
        assert _shown(tree) == ["11002"]
        search.value = "zzz"
        await settle(pilot)
        assert _shown(tree) == []
        assert "Không có đơn vị nào khớp «zzz»" in _label(app, "#scope-none")
        search.value = "NAM SÁCH"
        await settle(pilot)
        search.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ScopePicker)
        assert app.ctx.scope == "11002"
