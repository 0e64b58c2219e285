"""SVG snapshots at 80×24: a refused form, with the refusal under its field and the text
kept, and the welcome on an empty store, in Vietnamese and in English."""

from __future__ import annotations

from datetime import date

import pytest

from tests.tui.conftest import OFFICER
from tests.tui.test_snapshots import after
from tracker.config import load_settings
from tracker.store.engine import make_engine, session_factory
from tui.app import TrackerApp
from tui.context import TuiContext


def test_refused_member_form_snapshot(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ("2", "down", "enter", "down", "n", *"Vu Van Giang", "tab", "tab", *"Doan")
    keys += ("tab", *"123", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after(*keys))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_welcome_snapshot(sqlite_url: str, snap_compare, language: str) -> None:  # type: ignore[no-untyped-def]
    sessions = session_factory(make_engine(sqlite_url))
    settings = load_settings(db_url=sqlite_url)
    ctx = TuiContext(sessions, settings, OFFICER, "", language, lambda: date(2026, 11, 22))
    assert snap_compare(TrackerApp(ctx), terminal_size=(80, 24), run_before=after())
