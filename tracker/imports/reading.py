"""Reading an import file into rows of text keyed by column, whatever its shape.

CSV comes as Excel writes it: UTF-8 with or without a BOM, `,` or `;` (a Vietnamese
locale), sometimes tabs. An `.xlsx` is read from the sheet whose header names the
columns best (see `find_header`). Headers are matched after folding, so Vietnamese
headers work with or without diacritics, and a unit in brackets (`Số hộ (hộ)`) is
allowed. Row numbers are those a spreadsheet shows: titles and blank rows still count.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker.imports import vocab
from tracker.imports.errors import ImportFailed, Problems, RowProblem
from tracker.imports.messages import MESSAGES
from tracker.imports.workbook import BadWorkbook, Sheet, read_sheets

LIST_SEPARATOR = "|"
# Columns people add for themselves (row numbers, notes) that mean nothing to the tracker.
_IGNORED = {
    vocab.key(word) for word in ("stt", "số thứ tự", "tt", "ghi chú", "note", "notes", "no")
}


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: tuple[str, ...]
    required: tuple[str, ...]


@dataclass
class Row:
    number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def items(self, column: str) -> list[str]:
        """The `|`-separated list in a cell, without blanks."""
        return [part.strip() for part in self[column].split(LIST_SEPARATOR) if part.strip()]


@dataclass
class Table:
    file: str
    spec: Spec
    rows: list[Row] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # column -> header as written

    def has(self, column: str) -> bool:
        return column in self.labels

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


def read_table(path: Path, spec: Spec, language: str, display: str | None = None) -> Table:
    """The rows of `path`; `ImportFailed` if it cannot be read or its headers are wrong."""
    shown = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise _refuse(language, "import.bad_suffix", file=shown)
    try:
        sheets = read_sheets(path) if suffix == ".xlsx" else [Sheet(None, list(_csv(path)))]
    except OSError as error:
        raise _refuse(language, "import.no_file", file=shown, reason=error.strerror) from None
    except BadWorkbook as error:
        raise _refuse(language, "import.bad_xlsx", file=shown, reason=str(error)) from None
    except (csv.Error, _NotUtf8):
        # NUL bytes and the like: UTF-16 ("Unicode Text" in Excel) or not text at all.
        raise ImportFailed.listing(
            shown, [RowProblem(1, None, "import.not_utf8")], language
        ) from None
    problems = Problems()
    found = find_header(sheets, spec)
    if found is None:
        problems.add(1, None, "import.empty_file")
        raise ImportFailed.listing(shown, problems.items, language)
    sheet, header = found
    if len(sheets) > 1:
        # Row numbers are those of this sheet, so say which one it is.
        shown = MESSAGES(language, "import.in_sheet", file=shown, sheet=sheet.name)
    table = Table(shown, spec)
    positions = _match_headers(sheet.records[header], header + 1, spec, table, problems)
    if problems:
        raise ImportFailed.listing(shown, problems.items, language)
    records = _fill_merges(sheet, header)
    used = [index for _, index in positions]
    for index in range(header + 1, len(records)):
        record, number = records[index], index + 1
        cells = {column: _clean(record[i]) if i < len(record) else "" for column, i in positions}
        # Nothing in the tracker's columns: a blank row, or a template's numbering (STT)
        # filled down past the data, or a heading such as a commune's name across the row.
        if not any(cells.values()) or _heading(sheet, index, record, used):
            continue
        for column, text in cells.items():
            if _undecodable(text):
                problems.add(number, table.label(column), "import.not_utf8")
        table.rows.append(Row(number, cells))
    if problems:
        raise ImportFailed.listing(shown, problems.items, language)
    return table


def find_header(sheets: list[Sheet], spec: Spec) -> tuple[Sheet, int] | None:
    """The sheet and row (0-based) of the table: the row whose cells best name the columns.

    Offices put a title (or several) above the header and an instructions sheet before
    the data, so the header is looked for in every sheet's first rows. A visible sheet
    beats a hidden one (drop-down lists), then the row naming the most required columns,
    then the most columns, then the fewest unknown ones; then the active sheet, the first
    sheet and the first row. With no row naming any column, the first row with text is
    taken, so that the refusal lists what its headers lack.
    """
    known = vocab.headers(spec.kind, spec.columns)
    best: tuple[tuple[int, ...], Sheet, int] | None = None
    first: dict[bool, tuple[Sheet, int]] = {}  # visible or not -> the first row with text
    for order, sheet in enumerate(sheets):
        for index, record in enumerate(sheet.records[:_HEADER_SEARCH]):
            texts = [_clean(cell) for cell in record if _clean(cell)]
            if not texts:
                continue
            first.setdefault(sheet.visible, (sheet, index))
            columns = {_column(text, known) for text in texts}
            matched = columns - {None, _IGNORED_COLUMN}
            if not matched:
                continue
            unknown = sum(1 for text in texts if _column(text, known) is None)
            score = (
                int(sheet.visible),
                len(matched & set(spec.required)),
                len(matched),
                -unknown,
                int(sheet.active),
                -order,
                -index,
            )
            if best is None or score > best[0]:
                best = (score, sheet, index)
    if best is not None:
        return best[1], best[2]
    return first.get(True) or first.get(False)


# How far down a sheet the header is looked for: past any title block, not into the data.
_HEADER_SEARCH = 30
_IGNORED_COLUMN = "\0ignored"


def _column(text: str, known: dict[str, str]) -> str | None:
    """The column a header names, `_IGNORED_COLUMN` for STT and the like, else None."""
    keys = vocab.header_keys(text)
    for word in keys:
        if word in known:
            return known[word]
    if any(word in _IGNORED for word in keys):
        return _IGNORED_COLUMN
    return None


def _match_headers(
    header: list[str], number: int, spec: Spec, table: Table, problems: Problems
) -> list[tuple[str, int]]:
    known = vocab.headers(spec.kind, spec.columns)
    positions: list[tuple[str, int]] = []
    for index, raw in enumerate(header):
        # A header may be written on two lines in its cell: show it on one.
        text = " ".join(_clean(raw).split())
        column = _column(text, known)
        if not text or column == _IGNORED_COLUMN:
            continue
        if _undecodable(text):
            problems.add(number, None, "import.not_utf8")
            continue
        if column is None:
            problems.add(number, text, "import.unknown_column", columns=", ".join(spec.columns))
        elif column in table.labels:
            problems.add(number, text, "import.duplicate_column", other=table.labels[column])
        else:
            table.labels[column] = text
            positions.append((column, index))
    for column in spec.required:
        if column not in table.labels:
            hints = vocab.hints(spec.kind, column)
            problems.add(number, column, "import.missing_column", hints=hints)
    return positions


def _fill_merges(sheet: Sheet, header: int) -> list[list[str]]:
    """The records with a merged cell's text in every row it spans below the header.

    A team's code merged down the rows of its four indicators means that team on each
    row; Excel keeps the text in the first cell only. Across columns nothing is copied:
    the text belongs to the first column.
    """
    records = sheet.records
    spanning = [m for m in sheet.merges if m.last_row > m.first_row and m.first_row > header]
    if not spanning:
        return records
    records = [list(record) for record in records]
    for merge in spanning:
        column = merge.first_column
        if merge.first_row >= len(records) or column >= len(records[merge.first_row]):
            continue
        text = records[merge.first_row][column]
        for index in range(merge.first_row + 1, min(merge.last_row + 1, len(records))):
            record = records[index]
            record.extend([""] * (column + 1 - len(record)))
            record[column] = text
    return records


def _heading(sheet: Sheet, index: int, record: list[str], used: list[int]) -> bool:
    """A row whose only text is one cell merged across the table's columns: a heading."""
    filled = [i for i, cell in enumerate(record) if cell.strip()]
    if len(filled) != 1:
        return False
    column = filled[0]
    return any(
        merge.first_row <= index <= merge.last_row
        and merge.first_column == column
        and sum(1 for i in used if merge.first_column <= i <= merge.last_column) > 1
        for merge in sheet.merges
    )


def _clean(text: str) -> str:
    # NFC so that a name typed in NFD (macOS, some phones) equals the same name in NFC.
    return unicodedata.normalize("NFC", text.replace("\u00a0", " ")).strip()


def _undecodable(text: str) -> bool:
    # Bytes that were not UTF-8 were kept as lone surrogates by "surrogateescape".
    return any("\udc80" <= char <= "\udcff" for char in text)


def _csv(path: Path) -> Iterator[list[str]]:
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _NotUtf8
    data = data.removeprefix(codecs.BOM_UTF8)
    text = data.decode("utf-8", errors="surrogateescape")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


class _NotUtf8(Exception):
    pass


def _refuse(language: str, key: str, **values: object) -> ImportFailed:
    return ImportFailed(MESSAGES(language, key, **values))
