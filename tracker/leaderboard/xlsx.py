"""A leaderboard as an Excel workbook: a formatted ranking and the evidence behind it.

Written in openpyxl's write-only mode, so that a province's evidence (hundreds of
thousands of entries) streams to the file. Every text cell is stored as a string, never a
formula, so that a name starting with `=`, `+`, `-` or `@` stays text. openpyxl is
imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tracker.standing import Evidence, Standing

PERCENT = "0.0%"
COUNT = "0"
DATE = "yyyy-mm-dd"

FORMULA_STARTS = ("=", "+", "-", "@")

Value = tuple[object, str | None]  # a value and its number format


def _cell(sheet: Any, value: object, number_format: str | None = None, bold: bool = False) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even for "=cmd|…": never a formula
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    return cell


def _sheet(book: Any, title: str, headers: Sequence[str], widths: Sequence[int]) -> Any:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, title, bold=True) for title in headers])
    return sheet


def _append(sheet: Any, values: Sequence[Value]) -> None:
    """A row; only the cells that need a format, or could be read as a formula, are wrapped."""
    sheet.append(
        [
            _cell(sheet, value, number_format)
            if number_format or (isinstance(value, str) and value[:1] in FORMULA_STARTS)
            else value
            for value, number_format in values
        ]
    )


def write_xlsx(standing: Standing, evidence: Iterable[Evidence], target: Any) -> None:
    """Write the workbook to `target` (a path or a binary file)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    codes = standing.indicator_codes
    headers = ["rank", "team", "name", "units", "score", "uncapped"]
    widths = [6, 28, 36, 18, 9, 10]
    for code in codes:
        headers += [f"{code} target", f"{code} achieved", f"{code} %"]
        widths += [11, 12, 9]
    ranking = _sheet(book, "ranking", [*headers, "monthly_report"], [*widths, 15])
    for row in standing.rows:
        values: list[Value] = [
            (row.rank, None),
            (row.team, None),
            (row.name, None),
            (" ".join(row.units), None),
            (row.score, PERCENT),
            (row.uncapped, PERCENT),
        ]
        for code in codes:
            progress = row.indicators.get(code)
            if progress is None:
                values += [(None, None)] * 3
            else:
                values += [
                    (progress.target, COUNT),
                    (progress.achieved, COUNT),
                    (progress.ratio, PERCENT),
                ]
        values.append((row.monthly_report, None))
        _append(ranking, values)

    sheet = _sheet(
        book,
        "evidence",
        ["team", "indicator", "value", "local_date", "source", "sender", "officer"],
        [28, 12, 8, 12, 44, 24, 20],
    )
    for item in evidence:
        source = None
        if item.message_id is not None:
            source = f"{item.channel}:{item.chat_id}/{item.message_id}"
        _append(
            sheet,
            [
                (item.team, None),
                (item.indicator, None),
                (item.value, None),
                (item.local_date, DATE),
                (source, None),
                (item.sender, None),
                (item.officer, None),
            ],
        )
    book.save(target)
