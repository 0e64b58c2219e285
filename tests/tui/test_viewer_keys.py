"""Pilot, 80×24: a viewer is not offered what would write: not in the footer, not in the
palette, not in `?`, and the key does nothing (a quota cell's Enter opens no editor)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.tui.conftest import settle
from tui.commands import palette_commands
from tui.widgets.cell_editor import CellEditor
from tui.widgets.keys_help import key_rows

pytestmark = pytest.mark.anyio


def footer_keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {key.key for key in app.screen.query_one(Footer).query(FooterKey)}


def offered(app) -> set[str]:  # type: ignore[no-untyped-def]
    """The palette's names and the keys help's, of the screen in view."""
    names = {command.name for command in palette_commands(app, app.screen)}
    return names | {name for _, name, _ in key_rows(app, [app.screen, app])}


@pytest.mark.parametrize("read_only", [False, True])
async def test_a_viewer_is_offered_no_change(make_app, read_only: bool) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    app.ctx = replace(app.ctx, read_only=read_only)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the hierarchy
        await settle(pilot)
        writes = {"Add member", "Edit member", "Edit unit", "Add unit", "Bind chat"}
        assert ("n" in footer_keys(app)) is not read_only
        assert (writes & offered(app)) == (set() if read_only else writes)
        assert "Refresh" in offered(app)  # reading stays
        await pilot.press("3")  # the quota grid
        await settle(pilot)
        assert ("a" in footer_keys(app)) is not read_only  # allocate
        await pilot.press("right", "right", "enter")
        await settle(pilot)
        assert bool(app.screen.query_one(CellEditor).display) is not read_only
        await pilot.press("escape", "4")  # the review inbox
        await settle(pilot)
        assert ("a" in footer_keys(app)) is not read_only  # accept
