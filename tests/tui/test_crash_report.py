"""A crash of the terminal UI prints a report without the password of the store URL.

Textual's own report lists every frame's local variables: the settings, the store URL
in a local, and the error's message that quotes it would all be printed in full."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

import tui.app
from tests.tui.conftest import OFFICER, TODAY
from tracker.config import load_settings
from tui.app import TrackerApp
from tui.context import TuiContext

pytestmark = pytest.mark.anyio

PASSWORD = "Kh0ng@Ai:Biet/2026"


def _store_url() -> str:
    # Built away from the crash, so that the source lines Rich shows around it hold none of it.
    return f"postgresql+psycopg://tracker:{PASSWORD}@db.tinh.local/tracker"


class CrashingApp(TrackerApp):
    """Reads the settings and then fails, as a bug in any screen would."""

    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def on_mount(self) -> None:
        settings = self.ctx.settings
        url = settings.db_url
        raise RuntimeError(f"cannot reach {url}")


async def test_the_crash_report_shows_neither_locals_nor_the_password(
    sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(db_url=_store_url())
    app = CrashingApp(TuiContext(sessions, settings, OFFICER, "HD", "vi", lambda: TODAY))
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await pilot.pause()
    report = capsys.readouterr().err
    assert "Traceback" in report and "RuntimeError: cannot reach" in report
    assert "postgresql+psycopg://tracker:***@db.tinh.local/tracker" in report
    for piece in (PASSWORD, "Kh0ng", "Biet"):
        assert piece not in report
