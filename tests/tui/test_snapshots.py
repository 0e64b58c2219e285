"""SVG snapshots of the screens at 80×24 and 100×30, on a fixed world and a fixed day."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])


def after(*keys: str, blur: bool = True) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if blur:  # no blinking cursor in the picture
            pilot.app.screen.set_focus(None)
        # A table behind a dialog may still be scrolling (smoothly) to its cursor: under
        # load the picture caught it half-way.
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run


@SIZES
def test_dashboard_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=after())


@SIZES
def test_hierarchy_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), terminal_size=size, run_before=after("2", "down", "enter", "down")
    )


@SIZES
def test_quotas_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=after("3"))


@SIZES
def test_review_snapshot_in_english(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(language="en"), terminal_size=size, run_before=after("4"))


@SIZES
def test_tasks_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=after("5"))


@SIZES
def test_monthly_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=after("6", "down"))


@SIZES
def test_quota_cell_editor_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), terminal_size=size, run_before=after("3", "right", "right", "enter", blur=False)
    )


@SIZES
def test_member_form_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), terminal_size=size, run_before=after("2", "down", "enter", "down", "n")
    )


@SIZES
def test_dashboard_chart_of_a_team_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=after("enter", "i"))


@SIZES
def test_digest_snapshot(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=after("7"))


@SIZES
def test_export_dialog_snapshot_in_english(make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(language="en"), terminal_size=size, run_before=after("x"))


LANGUAGES = pytest.mark.parametrize("language", ["vi", "en"])


@LANGUAGES
def test_review_inbox_snapshot(make_app, snap_compare, language) -> None:  # type: ignore[no-untyped-def]
    """The inbox at 80×24: date, team by name, sender, reason in words, and the message."""
    assert snap_compare(make_app(language=language), terminal_size=(80, 24), run_before=after("4"))


@LANGUAGES
def test_review_accept_dialog_snapshot(make_app, snap_compare, language) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(language=language), terminal_size=(80, 24), run_before=after("4", "a")
    )


@LANGUAGES
def test_keys_help_snapshot(make_app, snap_compare, language) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(language=language), terminal_size=(80, 24), run_before=after("4", "question_mark")
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dashboard_last_month_snapshot(make_app, snap_compare, sessions, language) -> None:  # type: ignore[no-untyped-def]
    """`[`: October's ranking (Phú Khê 10 of 10 filings, Đông Tảo 2 of 10), its chart
    dated under it, and its reports overdue as seen on 22 November."""
    from tests.tui.test_dashboard_months import october

    october(sessions)
    assert snap_compare(
        make_app(language=language),
        terminal_size=(80, 24),
        run_before=after("left_square_bracket"),
    )
