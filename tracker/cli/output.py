"""Shared output options: `--format` and `-o FILE`, and writing tables as text, CSV or JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

# The renderers live below the commands, where the exporters can use them too.
from tracker.tables import render_csv, render_json, render_table, safe_cell

__all__ = [
    "opened",
    "output_options",
    "render_csv",
    "render_json",
    "render_table",
    "safe_cell",
]

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
