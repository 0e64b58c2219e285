"""Shared output options: `--format` and `-o FILE`, and writing tables as text, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def output_options(*formats: str, default: str | None = None) -> Callable[[F], F]:
    """Add `--format` (choices `formats`) and `-o/--output FILE` to a command."""

    def decorate(function: F) -> F:
        function = click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write to FILE instead of the screen.",
        )(function)
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(formats, case_sensitive=False),
            default=default or formats[0],
            show_default=True,
            help="Output format.",
        )(function)

    return decorate


@contextmanager
def opened(output: Path | None, binary: bool = False) -> Iterator[IO[Any]]:
    """The file named by `-o` (written whole or not at all, see tracker.fileout), or
    standard output."""
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    from tracker.fileout import atomic_file

    with atomic_file(output, binary) as handle:
        yield handle


def safe_cell(value: object) -> object:
    """A spreadsheet cell that cannot run as a formula (CSV/XLSX injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    from tabulate import tabulate

    return tabulate(rows, headers=list(headers), tablefmt="simple", disable_numparse=True)


def render_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[safe_cell(value) for value in row] for row in rows])
    return buffer.getvalue()


def render_json(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
