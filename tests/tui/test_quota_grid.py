"""Pilot: the quota grid edited in place, refusals in one line, and a quota file imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Input, Label

from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, Quota, Unit
from tui.widgets.cell_editor import CellEditor
from tui.widgets.saving import SavingForm

pytestmark = pytest.mark.anyio
# Rows by team code: Đông Tảo, Hội Yên, the commune team of Ngũ Hùng, Phú Khê.
# Columns: the team, then dvc, ocop, ttdt, vneid.


def cell(app, row: int, key: str) -> str:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#quotas", DataTable)
    index = [str(k.value) for k in table.columns].index(key)
    return str(table.get_row_at(row)[index])


def line(app, widget: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(widget, Label).render())


def quotas(sessions: sessionmaker[Session], team: str, indicator: str) -> list[str]:
    with sessions() as session:
        found = session.scalars(select(Quota).where(Quota.period == "2026-11")).all()
        return [
            q.target_text for q in found if (q.team.code, q.indicator.code) == (team, indicator)
        ]


def audits(sessions: sessionmaker[Session]) -> list[AuditEntry]:
    with sessions() as session:
        found = session.scalars(select(AuditEntry).where(AuditEntry.entity == "quota")).all()
        session.expunge_all()
        return list(found)


async def open_grid(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("3")
    await settle(pilot)


async def test_type_a_share_in_a_cell_and_enter_saves_it(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        assert cell(app, 0, "ttdt") == "120"  # 30% of Đông Tảo's 400 households
        await pilot.press("right", "right", "enter")  # Đông Tảo × ttdt
        editor = app.screen.query_one(CellEditor)
        assert editor.display and editor.value == "30%"
        await pilot.press(*"50%", "enter")  # typing replaces the selected target
        await settle(pilot)
        assert not editor.display
        assert cell(app, 0, "ttdt") == "200"
        assert "50% → 200" in line(app, "#quota-cell")
    assert quotas(sessions, "CNCD_DongTao_DoanTung", "ttdt") == ["50%"]
    (audit,) = audits(sessions)
    assert audit.actor == OFFICER and audit.entity_key == "CNCD_DongTao_DoanTung/ttdt/2026-11"
    assert (audit.before, audit.after) == (
        {"target": "30%", "resolved": 120},
        {"target": "50%", "resolved": 200},
    )


async def test_an_empty_cell_takes_a_count(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_grid(pilot)
        await pilot.press("down", "right")  # Hội Yên × ocop, not set yet
        assert cell(app, 1, "ocop") == "–"
        assert "chưa giao" in line(app, "#quota-cell")
        await pilot.press("e", *"1.200", "enter")
        await settle(pilot)
        assert cell(app, 1, "ocop") == "1200"
    assert quotas(sessions, "CNCD_HoiYen_NguHung", "ocop") == ["1200"]
    assert [a.action for a in audits(sessions)] == ["create"]


async def test_bad_input_is_refused_in_one_line_and_escape_cancels(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("enter", *"12 hộ", "enter")  # Đông Tảo × dvc
        await settle(pilot)
        assert "'12 hộ' không phải chỉ tiêu" in line(app, "#quota-problem")
        assert app.screen.query_one(CellEditor).display  # still open, to be corrected
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one(CellEditor).display
        assert line(app, "#quota-problem") == ""
        assert cell(app, 0, "dvc") == "20"
        assert app.focused is app.screen.query_one("#quotas", DataTable)
        await pilot.press("enter", *"77")
        app.screen.query_one("#quotas", DataTable).focus()  # a click elsewhere, say
        await settle(pilot)
        assert not app.screen.query_one(CellEditor).display
        assert cell(app, 0, "dvc") == "20"
    assert quotas(sessions, "CNCD_DongTao_DoanTung", "dvc") == ["20"]
    assert audits(sessions) == []


async def test_a_share_without_households_is_refused_and_nothing_saved(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        session.execute(update(Unit).where(Unit.code == "NH").values(households=None))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("down", "down", "enter", *"30%", "enter")  # Ngũ Hùng's team × dvc
        await settle(pilot)
        assert "phụ trách đơn vị chưa có số hộ" in line(app, "#quota-problem")
        assert cell(app, 2, "dvc") == "–"
    assert quotas(sessions, "CNCD_NH", "dvc") == []
    assert audits(sessions) == []


async def test_import_a_quota_file(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    bad = tmp_path / "chi_tieu_sai.csv"
    bad.write_text(
        "Mã tổ,Chỉ số,Kỳ,Chỉ tiêu\n"
        "CNCD_NH,dvc,2026-11,40\n"
        "CNCD_XX,dvc,2026-11,10\n"
        "CNCD_NH,ttdt,2026-11,nhiều\n",
        encoding="utf-8",
    )
    good = tmp_path / "chi_tieu.csv"
    good.write_text("Mã tổ,Chỉ số,Kỳ,Chỉ tiêu\nCNCD_NH,dvc,2026-11,40\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, SavingForm)
        await pilot.press(*str(bad), "enter")
        await settle(pilot)
        # Refused: the dialog stays with the path typed, the reasons under it.
        assert isinstance(app.screen, SavingForm)
        assert app.screen.query_one("#path", Input).value == str(bad)
        message = str(app.screen.query_one("#path-problem", Label).render())
        assert f"{bad}:3: cột " in message and "CNCD_XX" in message
        assert f"{bad}:4: cột " in message and "nhiều" in message
        assert quotas(sessions, "CNCD_NH", "dvc") == []  # nothing written
        await pilot.press("ctrl+a", "ctrl+k", *str(good), "enter")  # another file
        await settle(pilot)
        assert not isinstance(app.screen, SavingForm)
        assert cell(app, 2, "dvc") == "40"
    assert quotas(sessions, "CNCD_NH", "dvc") == ["40"]
    assert [a.actor for a in audits(sessions)] == [OFFICER]


async def test_the_editor_moves_with_its_cell_and_closes_when_it_scrolls_away(  # type: ignore[no-untyped-def]
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(34, 16)) as pilot:  # narrow: the grid scrolls sideways
        await open_grid(pilot)
        table = app.screen.query_one("#quotas", DataTable)
        editor = app.screen.query_one(CellEditor)
        await pilot.press("right", "enter")  # Đông Tảo × dvc
        x = editor.styles.offset.x.value
        table.scroll_to(x=table.scroll_x - 3, animate=False)  # a mouse wheel while typing
        await pilot.pause()
        assert editor.display and editor.styles.offset.x.value == x + 3
        table.scroll_to(x=0, animate=False)  # the cell scrolls out of view on the right
        await pilot.pause()
        assert not editor.display and app.focused is table
