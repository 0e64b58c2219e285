"""The sheets of an `.xlsx` as rows of text, read the way offices' workbooks really are.

A workbook made by hand has a title above the table, an instructions sheet before it,
merged cells and hidden lists for drop-downs; one written by a program may carry a wrong
`<dimension>` record (`A1`), which openpyxl's read-only mode would take as the sheet's
size and so drop every column but the first. Nothing here trusts that record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any


class BadWorkbook(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, 0-based and inclusive, as rows and columns of the records."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass
class Sheet:
    name: str | None  # None for a CSV file, which has one unnamed sheet
    records: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    visible: bool = True
    active: bool = False


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")


def read_sheets(path: Path) -> list[Sheet]:
    """Every worksheet's rows; `BadWorkbook` (one line) for a file openpyxl cannot read."""
    # Only here: openpyxl is slow to import and only .xlsx files need it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise  # the caller says the file cannot be opened, and why
    except Exception as error:
        # Generators write styles, names and XML that openpyxl refuses in many ways
        # (BadZipFile, KeyError, TypeError, ParseError...): each is one line, not a trace.
        raise BadWorkbook(str(error) or type(error).__name__) from None
    try:
        active = workbook.active
        sheets = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            data = _sheet_xml(workbook, sheet)
            sheets.append(
                Sheet(
                    sheet.title,
                    _mark_uncomputed(_records(sheet), data),
                    _merges(data),
                    visible=getattr(sheet, "sheet_state", "visible") == "visible",
                    active=sheet is active,
                )
            )
        return sheets
    except Exception as error:  # as above: cells are parsed only as they are read
        raise BadWorkbook(str(error) or type(error).__name__) from None
    finally:
        workbook.close()


# Templates are often formatted down to the sheet's last row (1,048,576): that many rows
# without text is the end of the table, not a gap in it.
_EMPTY_RUN = 10_000


def _records(sheet: Any) -> list[list[str]]:
    # From A1 whatever the dimension record says; a missing row comes as an empty one,
    # so the position of a record is its row in the sheet.
    records: list[list[str]] = []
    empty = 0
    for cells in sheet.iter_rows(min_row=1, min_col=1):
        record = [cell_text(cell) for cell in cells]
        records.append(record)
        empty = 0 if any(record) else empty + 1
        if empty >= _EMPTY_RUN:
            break
    while records and not any(records[-1]):
        records.pop()
    return records


def _sheet_xml(workbook: Any, sheet: Any) -> bytes:
    """The sheet's XML, for what read-only mode does not parse (merges, formulas)."""
    archive = getattr(workbook, "_archive", None)
    part = getattr(sheet, "_worksheet_path", None)
    if archive is None or part is None:  # pragma: no cover - openpyxl internals moved
        return b""
    with archive.open(part) as source:
        data: bytes = source.read()
    return data


def _merges(data: bytes) -> list[Merge]:
    """The sheet's merged ranges."""
    from openpyxl.utils.cell import range_boundaries

    merges = []
    for ref in _MERGE.findall(data):
        first_col, first_row, last_col, last_row = range_boundaries(ref.decode())
        merges.append(Merge(first_row - 1, first_col - 1, last_row - 1, last_col - 1))
    return merges


# What a cell holds when its formula was never computed: a workbook written by a program
# (openpyxl, many report generators) stores `<f>` without a `<v>`, and Excel computes it
# only on opening. Read as a value, such a cell is empty: a target or a phone lost
# silently. The marker lets the reader refuse that cell by its row and column.
UNCOMPUTED = "\x00uncomputed-formula"

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")


def _mark_uncomputed(records: list[list[str]], data: bytes) -> list[list[str]]:
    from openpyxl.utils.cell import column_index_from_string

    for attributes, inner in _CELL.findall(data):
        if not inner or not _FORMULA.search(inner) or _VALUE.search(inner):
            continue
        ref = _REF.search(attributes)
        if ref is None:
            continue
        row = int(ref.group(2)) - 1
        column = column_index_from_string(ref.group(1).decode()) - 1
        if row < len(records):
            record = records[row]
            record.extend([""] * (column + 1 - len(record)))
            record[column] = UNCOMPUTED
    return records


def cell_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float):
        # A cell formatted as a percentage holds 0.3 for 30%.
        if "%" in str(getattr(cell, "number_format", "")):
            value = round(value * 100, 6)
            return f"{_number(value)}%"
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
