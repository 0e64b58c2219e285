"""Writing a leaderboard to a file, whole or not at all: what the CLI's -o and the TUI share.

tracker.fileout writes it next to its target and renames it over it at the end, so that
a failure (a full disk, a bad period) never leaves half a file behind, and refuses a
target that is not a regular file (a device, a directory, a fifo).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tracker.fileout import atomic_file, check_target
from tracker.leaderboard.build import build_leaderboard
from tracker.leaderboard.text import render_text
from tracker.periods import Period
from tracker.standing import Standing, evidence
from tracker.store.models import Unit

# The formats made for a file rather than a screen.
FILE_FORMATS = ("csv", "xlsx", "json", "md", "html")


def write_workbook(
    session: Session, scope: Unit, standing: Standing, target: Any, language: str = "vi"
) -> None:
    """The xlsx workbook: the ranking, and the evidence of the teams it shows."""
    from tracker.clock import today
    from tracker.leaderboard.xlsx import write_xlsx

    chosen = {row.team for row in standing.rows}
    items = (e for e in evidence(session, scope.id, standing.period) if e.team in chosen)
    write_xlsx(standing, items, target, language=language, made=today())


def write_leaderboard(
    session: Session,
    scope: Unit,
    period: Period,
    as_of: date,
    deadlines: Mapping[str, int],
    output_format: str,
    path: Path,
    commend: int | None = None,
    language: str = "vi",
    csv_dialect: str = "excel",
) -> Standing:
    """Build the leaderboard and write it to `path` in `output_format`; the standing written."""
    if output_format not in FILE_FORMATS:
        raise ValueError(f"unknown format '{output_format}'")
    check_target(path)  # refused before the work, not after it
    standing = build_leaderboard(session, scope, period, as_of, deadlines, commend=commend)
    with atomic_file(path, binary=output_format == "xlsx") as handle:
        if output_format == "xlsx":
            write_workbook(session, scope, standing, handle, language)
        else:
            handle.write(render_text(standing, output_format, language, csv_dialect))
    return standing
