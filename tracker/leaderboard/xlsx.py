"""A leaderboard as an Excel workbook: a formatted ranking and the evidence behind it.

Written in openpyxl's write-only mode, so that a province's evidence (hundreds of
thousands of entries) streams to the file. Every text cell is stored as a string, never a
formula, so that a name starting with `=`, `+`, `-` or `@` stays text. openpyxl is
imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from tracker.leaderboard.words import TEXT, indicator_label, period_words, report_words
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


def _fitted(headers: Sequence[str], rows: Sequence[Sequence[Value]]) -> list[float]:
    """Column widths that fit the values (a long header wraps instead of widening it)."""
    widths: list[float] = []
    for column, header in enumerate(headers):
        longest = max((len(_shown(row[column])) for row in rows), default=0)
        widths.append(min(max(longest, min(len(header), 16), 6) + 2, 48))
    return widths


def _shown(value: Value) -> str:
    """About as many characters as Excel shows for the value in its format."""
    content, number_format = value
    if content is None:
        return ""
    if number_format == PERCENT and isinstance(content, float):
        return f"{content * 100:.1f}%"
    return str(content)


def _header_cells(sheet: Any, headers: Sequence[str]) -> list[Any]:
    from openpyxl.styles import Alignment

    cells = []
    for text in headers:
        cell = _cell(sheet, text, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cells.append(cell)
    return cells


def _sheet(book: Any, title: str, widths: Sequence[float], freeze: str) -> Any:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = freeze
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


def _ranking_rows(standing: Standing, language: str) -> list[list[Value]]:
    rows = []
    for row in standing.rows:
        values: list[Value] = [
            (row.rank, None),
            (row.team, None),
            (row.name, None),
            (", ".join(row.units), None),
            (row.score, PERCENT),
            (row.uncapped, PERCENT),
        ]
        for code in standing.indicator_codes:
            progress = row.indicators.get(code)
            if progress is None:
                values += [(None, None)] * 3
            else:
                values += [
                    (progress.target, COUNT),
                    (progress.achieved, COUNT),
                    (progress.ratio, PERCENT),
                ]
        values.append((report_words(row, language) or None, None))
        rows.append(values)
    return rows


def _ranking_headers(standing: Standing, language: str) -> list[str]:
    keys = ("rank", "team", "name", "units", "score", "uncapped")
    headers = [TEXT(language, key) for key in keys]
    for code in standing.indicator_codes:
        label = indicator_label(standing, code, language)
        headers += [TEXT(language, key, indicator=label) for key in ("target", "achieved", "ratio")]
    headers.append(TEXT(language, "monthly_report"))
    return headers


def _title_rows(sheet: Any, standing: Standing, language: str, made: date) -> None:
    from openpyxl.styles import Font

    title = _cell(
        sheet, TEXT(language, "title", scope_name=standing.scope_name, scope=standing.scope)
    )
    title.font = Font(bold=True, size=13)
    period = period_words(standing.period, language)
    made_text = made.strftime("%d/%m/%Y") if language == "vi" else made.isoformat()
    sheet.append([title])
    sheet.append([_cell(sheet, TEXT(language, "subtitle", period=period, made=made_text))])


def _signature_rows(sheet: Any, columns: int, language: str) -> None:
    """Who made the table and who signs for the unit, under it, as paper reports have."""
    from openpyxl.styles import Alignment, Font

    def line(left: str, right: str, bold: bool) -> list[Any]:
        cells: list[Any] = [None] * max(columns, 4)
        for index, text in ((1, left), (len(cells) - 2, right)):
            cell = _cell(sheet, TEXT(language, text))
            cell.font = Font(bold=bold, italic=not bold)
            cell.alignment = Alignment(horizontal="center")
            cells[index] = cell
        return cells

    sheet.append([])
    sheet.append(line("sign.maker", "sign.head", bold=True))
    sheet.append(line("sign.hint", "sign.head_hint", bold=False))


def write_xlsx(
    standing: Standing,
    evidence: Iterable[Evidence],
    target: Any,
    language: str = "vi",
    made: date | None = None,
) -> None:
    """Write the workbook to `target` (a path or a binary file).

    The ranking sheet: a title row (scope, period, the day it was made), headers frozen
    under it, widths that fit, numbers as numbers, and lines for signatures. The evidence
    sheet streams, so its widths are set for the values it usually holds.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    headers = _ranking_headers(standing, language)
    rows = _ranking_rows(standing, language)
    ranking = _sheet(book, TEXT(language, "sheet.ranking"), _fitted(headers, rows), "C4")
    ranking.page_setup.orientation = "landscape"
    _title_rows(ranking, standing, language, made or standing.as_of)
    ranking.append(_header_cells(ranking, headers))
    for values in rows:
        _append(ranking, values)
    _signature_rows(ranking, len(headers), language)

    keys = ("team", "indicator", "value", "local_date", "source", "sender", "officer")
    sheet = _sheet(book, TEXT(language, "sheet.evidence"), [28, 12, 8, 12, 44, 24, 20], "A2")
    sheet.append(_header_cells(sheet, [TEXT(language, f"ev.{key}") for key in keys]))
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
