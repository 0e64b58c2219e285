"""The private Textual APIs the TUI uses (tui/textual_private.py) still do what it needs.

Each test names the one it checks: when a Textual release breaks one, the failure says
which, before a screen misbehaves in a way that is hard to trace back to it."""

from __future__ import annotations

import inspect
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable

from tui.textual_private import OwnCrashReport, bindings_of, cell_region, set_bindings

pytestmark = pytest.mark.anyio


def test_textual_still_has_the_private_names() -> None:
    assert inspect.signature(App._fatal_error).parameters.keys() == {"self"}, "App._fatal_error"
    assert inspect.signature(DataTable._get_cell_region).parameters.keys() == {
        "self",
        "coordinate",
    }, "DataTable._get_cell_region"
    assert isinstance(bindings_of(App()), BindingsMap), "DOMNode._bindings"


class Crashing(OwnCrashReport[None]):
    seen: ClassVar[list[BaseException]] = []

    def crashed(self, error: BaseException) -> bool:
        self.seen.append(error)
        self.panic("our own report")
        return True

    def on_mount(self) -> None:
        raise RuntimeError("a bug in a screen")


async def test_a_crash_reaches_our_report_through_fatal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Crashing.seen.clear()
    with pytest.raises(RuntimeError):
        async with Crashing().run_test() as pilot:
            await pilot.pause()
    assert [str(error) for error in Crashing.seen] == ["a bug in a screen"], "App._fatal_error"
    report = capsys.readouterr().err
    assert "our own report" in report and "a bug in a screen" not in report


class Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "press('x')", "X")]
    pressed: ClassVar[list[str]] = []

    def action_press(self, key: str) -> None:
        self.pressed.append(key)


async def test_replaced_bindings_are_the_ones_that_answer() -> None:
    Keys.pressed.clear()
    app = Keys()
    keys = dict(bindings_of(app).key_to_bindings)
    assert "x" in keys, "DOMNode._bindings"
    keys.pop("x")
    set_bindings(app, BindingsMap.from_keys({**keys, "y": [Binding("y", "press('y')", "Y")]}))
    async with app.run_test() as pilot:
        await pilot.press("x", "y")
        await pilot.pause()
    assert Keys.pressed == ["y"], "DOMNode._bindings is no longer what the app answers to"


class Table(App[None]):
    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable()
        table.add_column("code", width=6)
        table.add_column("name", width=10)
        table.add_rows([("HD", "Hải Dương"), ("NH", "Ngũ Hùng")])
        yield table


async def test_a_cell_region_is_where_the_table_draws_it() -> None:
    app = Table()
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        region = cell_region(table, Coordinate(1, 1))
    assert isinstance(region, Region), "DataTable._get_cell_region"
    # Below the header and the first row; right of the first column (6 wide plus padding).
    assert region.y == table.header_height + 1
    assert region.x == 6 + 2 * table.cell_padding
    assert region.width == 10 + 2 * table.cell_padding
