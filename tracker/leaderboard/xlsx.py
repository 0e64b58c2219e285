"""A leaderboard as an Excel workbook: a formatted ranking and the evidence behind it.

Every text cell is written as a string (never a formula), so that a name starting with
`=`, `+`, `-` or `@` stays text. openpyxl is imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.standing import Evidence, Standing

PERCENT = "0.0%"
DATE = "yyyy-mm-dd"


def _put(
    sheet: Any, row: int, column: int, value: object, number_format: str | None = None
) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even for "=cmd|…": never a formula
    if number_format:
        cell.number_format = number_format


def _header(sheet: Any, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for column, (title, width) in enumerate(zip(headers, widths, strict=True), 1):
        _put(sheet, 1, column, title)
        sheet.cell(row=1, column=column).font = bold
        sheet.cell(row=1, column=column).fill = fill
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def write_xlsx(standing: Standing, evidence: Iterable[Evidence], target: Any) -> None:
    """Write the workbook to `target` (a path or a binary file)."""
    from openpyxl import Workbook

    book = Workbook()
    ranking = book.active
    ranking.title = "ranking"
    codes = standing.indicator_codes
    headers = ["rank", "team", "name", "units", "score", "uncapped"]
    widths = [6, 28, 36, 18, 9, 10]
    for code in codes:
        headers += [f"{code} target", f"{code} achieved", f"{code} %"]
        widths += [11, 12, 9]
    headers.append("monthly_report")
    widths.append(15)
    _header(ranking, headers, widths)
    for line, row in enumerate(standing.rows, 2):
        values: list[tuple[object, str | None]] = [
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
                    (progress.target, "0"),
                    (progress.achieved, "0"),
                    (progress.ratio, PERCENT),
                ]
        values.append((row.monthly_report, None))
        for column, (value, number_format) in enumerate(values, 1):
            _put(ranking, line, column, value, number_format)

    sheet = book.create_sheet("evidence")
    _header(
        sheet,
        ["team", "indicator", "value", "local_date", "source", "sender", "officer"],
        [28, 12, 8, 12, 44, 24, 20],
    )
    for line, item in enumerate(evidence, 2):
        source = None
        if item.message_id is not None:
            source = f"{item.channel}:{item.chat_id}/{item.message_id}"
        for column, (value, number_format) in enumerate(
            [
                (item.team, None),
                (item.indicator, None),
                (item.value, "0"),
                (item.local_date, DATE),
                (source, None),
                (item.sender, None),
                (item.officer, None),
            ],
            1,
        ):
            _put(sheet, line, column, value, number_format)
    book.save(target)
