"""SVG snapshots of the main screens at 80×24, on a fixed world and a fixed day."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from tests.tui.conftest import settle

SIZE = (80, 24)


def after(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    return run


def test_dashboard_snapshot(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=after())


def test_hierarchy_snapshot(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=after("2", "down", "enter", "down")
    )


def test_review_snapshot_in_english(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(language="en"), terminal_size=SIZE, run_before=after("4"))
