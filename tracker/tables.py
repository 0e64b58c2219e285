"""Rows as text, CSV or JSON, and spreadsheet cells that cannot run as formulas.

Below the commands: the CLI prints with these, and so do the leaderboard's and the compiled
report's exporters, which must not import the CLI layer (see the layers in pyproject.toml).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence


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
