"""Pilot at 80×24: `r` reads the map again and comes back to the unit under the cursor,
and a team's member count follows a member added at once."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Tree

from tests.tui.conftest import settle
from tests.tui.test_members import open_dong_tao

pytestmark = pytest.mark.anyio


async def test_r_keeps_the_trees_place(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        tree = app.screen.query_one("#units", Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data.code == "DT-1"
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        assert tree.cursor_node is not None and tree.cursor_node.data.code == "DT-1"
        teams = app.screen.query_one("#teams", DataTable)
        assert [str(cell) for cell in teams.get_row_at(0)][1] == "CNCD_DongTao_DoanTung"


async def test_the_member_count_follows_an_added_member(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        teams = app.screen.query_one("#teams", DataTable)
        assert str(teams.get_row_at(0)[2]) == "1"
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Vu Van Giang", "enter")
        await settle(pilot)
        assert str(teams.get_row_at(0)[2]) == "2"
