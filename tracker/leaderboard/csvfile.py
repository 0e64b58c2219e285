"""The leaderboard as CSV, in two dialects.

- `excel` (the default), for people: UTF-8 with a BOM and `;` between cells, which is
  what Excel in a Vietnamese locale opens straight into columns with its diacritics
  intact; headers and states in words of the UI's language; scores as percentages with
  the language's decimal mark.
- `comma`, for scripts: `,`, plain UTF-8, the English keys and codes of JSON
  (CONTRACTS §8), one column per target and achieved count. Its columns are what the
  CSV was before the people's form existed, so scripts written against it keep working.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from tracker.leaderboard.words import TEXT, indicator_label, report_words
from tracker.standing import Standing
from tracker.tables import safe_cell

CSV_DIALECTS = ("excel", "comma")
BOM = "\ufeff"


def render_csv(standing: Standing, language: str = "vi", dialect: str = "excel") -> str:
    if dialect == "comma":
        from tracker.leaderboard.text import render_csv as render_plain

        return render_plain(standing)
    if dialect != "excel":
        raise ValueError(f"unknown CSV dialect '{dialect}'")
    return BOM + _write(_headers(standing, language), _rows(standing, language))


def _headers(standing: Standing, language: str) -> list[str]:
    headers = [TEXT(language, key) for key in ("rank", "team", "name", "units", "score")]
    for code in standing.indicator_codes:
        label = indicator_label(standing, code, language)
        headers += [TEXT(language, "target", indicator=label)]
        headers += [TEXT(language, "achieved", indicator=label)]
    headers.append(TEXT(language, "monthly_report"))
    return headers


def percent(value: float | None, language: str) -> str:
    if value is None:
        return ""
    text = f"{value * 100:.1f}%"
    return text.replace(".", ",") if language == "vi" else text


def _rows(standing: Standing, language: str) -> list[list[object]]:
    rows = []
    for row in standing.rows:
        cells: list[object] = [
            "" if row.rank is None else row.rank,
            row.team,
            row.name,
            ", ".join(row.units),
            percent(row.score, language),
        ]
        for code in standing.indicator_codes:
            progress = row.indicators.get(code)
            cells += ["", ""] if progress is None else [progress.target, progress.achieved]
        cells.append(report_words(row, language))
        rows.append(cells)
    return rows


def _write(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([[safe_cell(value) for value in row] for row in rows])
    return buffer.getvalue()
