"""Pilot at 80×24: keys that can be found. `?`/F1 list the screen's keys with words; the
palette speaks the UI language only and finds commands without diacritics; Escape leaves
a search box."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from tests.tui.conftest import settle
from tui.commands import palette_commands
from tui.widgets.keys_help import KeysHelp

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_the_screens_keys_with_words(make_app, key: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, KeysHelp)
        rows = {name: (keys, what) for keys, name, what in app.screen.rows}
        assert rows["Duyệt"] == ("a", "Tính tin đang chọn: chọn tổ, chỉ tiêu và số từ danh sách")
        assert rows["Từ chối cả danh sách"][0] == "X"
        assert rows["Phạm vi"][0] == "s"  # the app's keys come after the screen's
        assert all(what for _, _, what in app.screen.rows), "every key says what it does"
        await pilot.press("escape")
        assert not isinstance(app.screen, KeysHelp)


async def test_help_in_english(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        names = [name for _, name, _ in app.screen.rows]  # type: ignore[attr-defined]
        assert "Search" in names and "Tìm" not in names


async def test_the_palette_finds_without_diacritics_in_the_ui_language(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = list(palette_commands(app, app.screen))
        titles = [command.title for command in commands]
        assert "Báo cáo tháng (6)" in titles
        best = max(commands, key=lambda command: command.score("bao cao thang"))
        assert best.title == "Báo cáo tháng (6)" and best.help == "Mở màn hình Báo cáo tháng"
        # Textual's own commands (English) are not offered; each has a description.
        assert not {"Quit the application", "Change theme", "Keys"} & {c.name for c in commands}
        assert all(command.help for command in commands)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"bao cao thang")
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "monthly"


async def test_escape_leaves_the_search_box(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"hoi")
        assert isinstance(app.screen.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.screen.focused, DataTable)
        assert app.screen.query_one("#search", Input).value == "hoi"
        await pilot.press("4")  # a number key switches screens again
        await settle(pilot)
        assert app.current_mode == "review"
