"""Pilot: a long ranking comes a page at a time, and search still finds every team."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable

from tests.tui.conftest import settle
from tracker.store.models import Team, Unit
from tui.screens import dashboard

pytestmark = pytest.mark.anyio
EXTRA = 40  # teams added to the small world: 44 in all, more than a page of 10


@pytest.fixture
def long_ranking(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    with sessions.begin() as session:
        village = session.scalars(select(Unit).where(Unit.code == "DT-1")).one()
        for n in range(1, EXTRA + 1):
            session.add(
                Team(code=f"EXTRA_{n:02}", name=f"Tổ thêm {n:02}", level="village", units=[village])
            )
    # Small pages, so that a few dozen teams show what the root's 9,450 do.
    monkeypatch.setattr(dashboard, "FIRST_ROWS", 10)
    monkeypatch.setattr(dashboard, "MORE_ROWS", 10)
    monkeypatch.setattr(dashboard, "NEAR_END", 2)


async def test_the_ranking_grows_as_the_cursor_nears_its_end(make_app, long_ranking) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ranking = app.screen.query_one("#ranking", DataTable)
        assert ranking.row_count == 10  # a page, not all 44 teams
        await pilot.press("ctrl+end")  # the last row of the page: the next page comes
        await settle(pilot)
        assert ranking.row_count == 20
        await pilot.press("pagedown", "pagedown")  # by screenfuls, to the end again
        await settle(pilot)
        assert ranking.row_count == 30
        # Search looks at every team, not only those in the table.
        await pilot.press("slash", *"Tổ thêm 40")
        await settle(pilot)
        assert [str(cell) for cell in ranking.get_row_at(0)][1] == "Tổ thêm 40"
        assert ranking.row_count == 1
