"""Pilot: the dashboard's leaderboard searched by name without accents, and sorted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable

from tests.tui.conftest import settle
from tracker.store.models import Team

pytestmark = pytest.mark.anyio


def names(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#ranking", DataTable)
    return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]


async def test_search_and_sort_the_leaderboard(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        everyone = names(app)
        with sessions() as session:
            assert len(everyone) == session.scalar(select(func.count(Team.id)))
        await pilot.press("slash", *"phu khe")
        await settle(pilot)
        assert names(app) == ["CNCĐ_Phú Khê_Ngũ Hùng"]
        await pilot.press("enter")  # back to the table; the filter stays
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"ngu hung", "enter")
        await settle(pilot)
        assert all("Ngũ Hùng" in name for name in names(app)) and len(names(app)) == 3
        await pilot.press("slash", "ctrl+a", "ctrl+k", "enter", "o")  # sort by name
        await settle(pilot)
        assert names(app) == sorted(everyone, key=lambda n: n.replace("Đ", "D").casefold())
        await pilot.press("O")  # reversed
        await settle(pilot)
        assert names(app)[0] == "Tổ CNSCĐ xã Ngũ Hùng"
        await pilot.press("4")  # the number keys still switch screens
        await settle(pilot)
        assert app.current_mode == "review"
