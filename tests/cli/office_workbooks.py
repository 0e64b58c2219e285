"""Workbooks in the shapes Vietnamese offices send them: built with openpyxl for the tests.

A commune's template has a title block (merged across the table), a blank row, a header
with units in brackets or on two lines, an `STT` column numbered far below the data, an
instructions sheet before the data and a hidden sheet of drop-down lists; the periods and
phones are what Excel made of what was typed (dates, numbers without their leading 0).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

TITLE = ("ỦY BAN NHÂN DÂN XÃ ĐOÀN TÙNG", "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG")


def office_book(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    sheet_name: str = "Dữ liệu",
    instructions: bool = True,
    numbered_to: int = 0,
) -> tuple[Workbook, Worksheet]:
    """A workbook: instructions sheet, then the data sheet with its title block above the
    header (on row 4), STT filled down to `numbered_to`, then a hidden list sheet."""
    book = Workbook()
    first = book.active
    assert first is not None
    if instructions:
        first.title = "Hướng dẫn"
        first.append(["HƯỚNG DẪN NHẬP LIỆU"])
        first.append(["Cột", "Ý nghĩa"])
        for column in header:
            first.append([column, "xem hướng dẫn của huyện"])
        first.append(["Không sửa tên cột, không xoá dòng tiêu đề."])
        sheet = book.create_sheet(sheet_name)
    else:
        sheet = first
        sheet.title = sheet_name
    width = len(header) + 1
    for number, title in enumerate(TITLE, start=1):
        sheet.cell(number, 1, title)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    sheet.append([])
    sheet.append(["STT", *header])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    for number in range(len(rows) + 1, numbered_to + 1):
        sheet.cell(4 + number, 1, number)
    lists = book.create_sheet("DanhMuc")
    lists.append([header[0]])  # one matching column: a drop-down list, not the table
    lists.append(["CNCD_PhamLam_DoanTung"])
    lists.sheet_state = "hidden"
    return book, sheet


def save(book: Workbook, folder: Path, name: str) -> Path:
    path = folder / name
    book.save(path)
    return path


def break_dimension(path: Path) -> None:
    """Rewrite every sheet's `<dimension ref=...>` to `A1`, as some generators write it."""
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
