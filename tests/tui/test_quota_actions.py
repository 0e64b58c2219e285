"""Pilot: allocate a commune's total by households, then copy last period's quotas."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable

from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, Quota
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio


def column(table: DataTable, key: str) -> list[str]:  # type: ignore[type-arg]
    """The cells of one indicator's column, team by team."""
    index = [str(k.value) for k in table.columns].index(key)
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


async def test_allocate_a_total_and_the_parts_add_up(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app(scope="NH")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("right_square_bracket")  # December: nothing set yet
        await settle(pilot)
        table = app.screen.query_one("#quotas", DataTable)
        assert column(table, "dvc") == ["–", "–", "–"]
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+a", "ctrl+k", *"dvc", "tab", *"101", "enter")
        await settle(pilot)
        table = app.screen.query_one("#quotas", DataTable)
        # by team code: Hội Yên, Ngũ Hùng's commune team, Phú Khê
        assert column(table, "dvc") == ["21", "63", "17"]
        await pilot.press("c")  # copy November: the two ttdt shares; dvc is kept as allocated
        await settle(pilot)
        table = app.screen.query_one("#quotas", DataTable)
        assert column(table, "ttdt") == ["90", "–", "75"]
        assert column(table, "dvc") == ["21", "63", "17"]
    with sessions() as session:
        december = session.scalars(select(Quota).where(Quota.period == "2026-12")).all()
        assert sum(q.resolved_target for q in december if q.indicator.code == "dvc") == 101
        assert len(december) == 5
        actors = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.entity_key.like("%/2026-12"))
        ).all()
        assert actors == [OFFICER] * 5
