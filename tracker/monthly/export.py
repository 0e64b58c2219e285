"""Writing the compiled report to a file, whole or not at all, in the format its name says:
what the CLI's -o and the terminal UI share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.errors import UserError
from tracker.fileout import atomic_file, check_target
from tracker.monthly.compiled import compile_report
from tracker.periods import Period
from tracker.store.models import Unit

FORMATS = ("md", "docx", "xlsx")


def format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UserError(f"{path}: the file must end in .docx, .xlsx or .md")
    return suffix


def write_compiled(
    session: Session,
    scope: Unit,
    month: Period,
    on: date,
    settings: Settings,
    path: Path,
    output_format: str | None = None,
) -> None:
    from tracker.monthly.compiled_files import write_docx, write_xlsx
    from tracker.monthly.compiled_text import render_markdown

    chosen = output_format or format_of(path)
    check_target(path)  # refused before the work, not after it
    report = compile_report(session, scope, month, on, settings.deadlines, settings.language)
    with atomic_file(path, binary=chosen != "md") as handle:
        if chosen == "md":
            handle.write(render_markdown(report))
        elif chosen == "docx":
            write_docx(report, handle)
        else:
            write_xlsx(report, handle)
