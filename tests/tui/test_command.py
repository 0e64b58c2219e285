"""`tracker tui`: what it opens on, its refusals, and that Textual loads only inside it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import Tracker
from tui.app import TrackerApp


def test_tui_on_an_empty_store_says_what_to_do(sqlite_tracker: Tracker) -> None:
    result = sqlite_tracker("tui")
    assert result.exit_code == 1
    assert "no units yet: run `tracker demo`" in result.output


def test_tui_opens_on_the_top_unit_or_the_scope_given(
    sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_tracker.ok("demo", "--size", "small", "--today", "2026-11-22")
    opened: list[TrackerApp] = []
    monkeypatch.setattr(TrackerApp, "run", lambda self: opened.append(self))
    sqlite_tracker.ok("tui")
    assert opened[-1].ctx.scope == "31" and opened[-1].ctx.language == "vi"
    sqlite_tracker.ok("tui", "--lang", "en")
    assert opened[-1].ctx.language == "en" and opened[-1].title.startswith("Community")
    result = sqlite_tracker("tui", "--scope", "NOWHERE")
    assert result.exit_code == 1 and "không có đơn vị mã 'NOWHERE'" in result.output


def test_only_the_tui_command_loads_textual() -> None:
    code = (
        "import sys, tracker.cli.main, tracker.cli.tui, tracker.cli.demo, tracker.demo, "
        "tracker.quotas, tracker.roster; "
        "assert not [m for m in sys.modules if m.startswith(('textual', 'tui'))], 'textual'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
