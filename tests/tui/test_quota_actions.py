"""Pilot at 80×24: allocating a commune's total shows every team's target now and after
before anything is written (Escape writes nothing), a refused total keeps what was typed
with the reason under its field, and ctrl+z undoes the last change with its own audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Input, Label

from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, Quota
from tui.widgets.allocation import AllocationDialog

pytestmark = pytest.mark.anyio


def column(table: DataTable, key: str) -> list[str]:  # type: ignore[type-arg]
    """The cells of one indicator's column, team by team."""
    index = [str(k.value) for k in table.columns].index(key)
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def _december(sessions: sessionmaker[Session]) -> dict[tuple[str, str], str]:
    with sessions() as session:
        return {
            (q.team.code, q.indicator.code): q.target_text
            for q in session.scalars(select(Quota).where(Quota.period == "2026-12"))
        }


def _audited(sessions: sessionmaker[Session]) -> list[tuple[str, str, str]]:
    with sessions() as session:
        query = (
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_key)
            .where(AuditEntry.entity == "quota")
            .order_by(AuditEntry.id)
        )
        return [(actor, action, key) for actor, action, key in session.execute(query)]


async def _open_december_allocation(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("3")
    await settle(pilot)
    await pilot.press("right_square_bracket")  # December: nothing set yet
    await settle(pilot)
    assert column(app.screen.query_one("#quotas", DataTable), "dvc") == ["–", "–", "–"]
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, AllocationDialog)
    # The indicator of the cell under the cursor is filled in; the total has the focus.
    assert app.screen.query_one("#indicator", Input).value == "dvc"
    assert app.screen.focused is app.screen.query_one("#total", Input)


async def test_the_preview_shows_old_and_new_and_escape_writes_nothing(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app(scope="NH")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_december_allocation(app, pilot)
        await pilot.press(*"101", "enter")
        await settle(pilot)
        preview = app.screen.query_one("#preview", DataTable)
        # Team, households it is weighted by, now, new: the commune team (NH, 900
        # households) serves only the 350 its villages' teams do not.
        assert rows(preview) == [
            ["CNCĐ_Hội Yên_Ngũ Hùng", "300", "–", "34", ""],
            ["Tổ CNSCĐ xã Ngũ Hùng", "350", "–", "39", ""],
            ["CNCĐ_Phú Khê_Ngũ Hùng", "250", "–", "28", ""],
        ]
        summary = str(app.screen.query_one("#summary", Label).render())
        assert summary.startswith("Tổng mới 101 · 3 tổ thay đổi")
        assert preview.region.bottom <= 24
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AllocationDialog)
        assert column(app.screen.query_one("#quotas", DataTable), "dvc") == ["–", "–", "–"]
    assert _december(sessions) == {}
    assert _audited(sessions) == []


async def test_a_refused_total_keeps_what_was_typed(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app(scope="NH")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_december_allocation(app, pilot)
        await pilot.press(*"mười", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AllocationDialog)
        assert dialog.query_one("#total", Input).value == "mười"
        assert dialog.query_one("#indicator", Input).value == "dvc"
        problem = dialog.query_one("#total-problem", Label)
        assert str(problem.render()).startswith("✗ 'mười' không phải chỉ tiêu")
        assert problem.region.y == dialog.query_one("#total", Input).region.y + 1
        await pilot.press("ctrl+s")  # nothing was previewed: nothing is written
        await settle(pilot)
        assert isinstance(app.screen, AllocationDialog)
    assert _december(sessions) == {}


async def test_write_the_preview_then_undo_it(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app(scope="NH")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_december_allocation(app, pilot)
        await pilot.press(*"101", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#quotas", DataTable)
        assert column(table, "dvc") == ["34", "39", "28"]
        await pilot.press("c")  # copy November: the two ttdt shares; dvc is kept as allocated
        await settle(pilot)
        table = app.screen.query_one("#quotas", DataTable)
        assert column(table, "ttdt") == ["90", "–", "75"]
        await pilot.press("ctrl+z")  # undoes the copy, not the allocation
        await settle(pilot)
        table = app.screen.query_one("#quotas", DataTable)
        assert column(table, "ttdt") == ["–", "–", "–"]
        assert column(table, "dvc") == ["34", "39", "28"]
        assert str(app.screen.query_one("#quota-problem", Label).render()) == (
            "Đã hoàn tác 2 chỉ tiêu"
        )
    assert _december(sessions) == {
        ("CNCD_HoiYen_NguHung", "dvc"): "34",
        ("CNCD_NH", "dvc"): "39",
        ("CNCD_PhuKhe_NguHung", "dvc"): "28",
    }
    audited = _audited(sessions)
    assert {actor for actor, _, _ in audited} == {OFFICER}
    assert [action for _, action, _ in audited] == ["create"] * 5 + ["undo"] * 2
    assert audited[-1][2] == "CNCD_PhuKhe_NguHung/ttdt/2026-12"
