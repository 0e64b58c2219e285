"""The standing commands load lazily: nothing heavy until they run."""

from __future__ import annotations

import subprocess
import sys


def test_command_modules_do_not_load_the_store_or_openpyxl() -> None:
    code = (
        "import sys, tracker.cli.leaderboard, tracker.cli.digest, tracker.cli.overdue, "
        "tracker.cli.task; print(sorted(m for m in ('sqlalchemy', 'openpyxl', 'tabulate') "
        "if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
