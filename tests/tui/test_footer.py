"""Every screen's footer fits in 80 columns, and the palette still offers every action."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from tests.tui.conftest import settle
from tui.app import TrackerApp
from tui.commands import palette_commands

pytestmark = pytest.mark.anyio
KEYS = {str(n): mode for n, mode in enumerate(TrackerApp.MODES, 1)}


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_every_footer_fits_at_80_columns(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, mode in KEYS.items():
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode
            assert app.sub_title == app.ctx.t(f"mode.{mode}")  # the header names the screen
            footer = app.screen.query_one(Footer)
            keys = list(footer.query(FooterKey))
            for widget in [*keys, *footer.query(FooterLabel)]:
                assert widget.region.width > 0, (mode, widget)
                assert widget.region.right <= 80, (mode, widget)
            # A newcomer finds the other screens, and `?` (every key, and the palette),
            # from any screen's footer.
            shown = {k.key for k in keys}
            assert set(KEYS) | {"question_mark"} <= shown, mode
            labels = [str(label.render()) for label in footer.query(FooterLabel)]
            assert app.ctx.t("mode.group") in labels


async def test_the_palette_names_every_screen_and_every_key(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = {command.name for command in palette_commands(app, app.screen)}
        for mode in KEYS.values():
            assert app.ctx.t(f"mode.{mode}") in titles
        # The dashboard's keys, those the footer hides included.
        assert {"Search", "Sort", "Chart", "Export", "Chart the whole scope", "Reverse"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Digests")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "digest"
