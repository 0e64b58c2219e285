"""Reading an import file into rows of text keyed by column, whatever its shape.

CSV comes as Excel writes it: UTF-8 with or without a BOM, UTF-16 ("Unicode Text") or
Windows-1258 (plain "CSV" on a Vietnamese Windows), `,` or `;` (a Vietnamese locale),
sometimes tabs. An `.xlsx` is read from the sheet whose header names the
columns best (see `find_header`). Headers are matched after folding, so Vietnamese
headers work with or without diacritics, and a unit in brackets (`Số hộ (hộ)`) is
allowed. Row numbers are those a spreadsheet shows: titles and blank rows still count.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from tracker.imports import vocab
from tracker.imports.errors import ImportFailed, Problems, RowProblem
from tracker.imports.headers import IGNORED_COLUMN, Header, clean, column_of, find_header
from tracker.imports.messages import MESSAGES
from tracker.imports.workbook import UNCOMPUTED, BadWorkbook, Sheet, read_sheets

LIST_SEPARATOR = "|"
_ITEM_SEPARATORS = re.compile(r"[|;\r\n]")


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
        """The list in a cell, without blanks: `|`-separated as documented, and also as
        offices write lists in a cell, with `;` or one item a line (Alt+Enter in Excel).
        No code, name or alias holds either."""
        return [part.strip() for part in _ITEM_SEPARATORS.split(self[column]) if part.strip()]


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
        if suffix == ".xlsx":
            _check_zip(path, language, shown)
        sheets = read_sheets(path) if suffix == ".xlsx" else [Sheet(None, list(_csv(path)))]
    except OSError as error:
        raise _refuse(language, "import.no_file", file=shown, reason=error.strerror) from None
    except BadWorkbook as error:
        raise _refuse(language, "import.bad_xlsx", file=shown, reason=str(error)) from None
    except (csv.Error, NotText):
        # NUL bytes and the like: UTF-16 ("Unicode Text" in Excel) or not text at all.
        raise ImportFailed.listing(
            shown, [RowProblem(1, None, "import.not_utf8")], language
        ) from None
    problems = Problems()
    header, rivals = find_header(sheets, spec.kind, spec.columns, spec.required)
    if header is None:
        problems.add(1, None, "import.empty_file")
        raise ImportFailed.listing(shown, problems.items, language)
    if rivals:
        names = ", ".join(str(found.sheet.name) for found in [header, *rivals])
        raise _refuse(language, "import.many_sheets", file=shown, sheets=names)
    sheet = header.sheet
    if len(sheets) > 1:
        # Row numbers are those of this sheet, so say which one it is.
        shown = MESSAGES(language, "import.in_sheet", file=shown, sheet=sheet.name)
    table = Table(shown, spec)
    positions = _match_headers(header, spec, table, problems)
    if problems:
        raise ImportFailed.listing(shown, problems.items, language)
    records = _fill_merges(sheet, header.data_start)
    used = [index for _, index in positions]
    start = header.data_start
    if start < len(records) and _column_numbers(records[start]):
        start += 1
    for index in range(start, len(records)):
        record, number = records[index], index + 1
        cells = {
            column: _unguarded(clean(record[i])) if i < len(record) else ""
            for column, i in positions
        }
        # Nothing in the tracker's columns: a blank row, or a template's numbering (STT)
        # and formulas filled down past the data, a heading across the row, or totals.
        if _blank(cells) or _heading(sheet, index, record, used) or _totals(cells):
            continue
        for column, text in cells.items():
            if text == UNCOMPUTED:
                problems.add(number, table.label(column), "import.uncomputed_formula")
                cells[column] = ""
            elif undecodable(text):
                problems.add(number, table.label(column), "import.not_utf8")
        table.rows.append(Row(number, cells))
    if problems:
        raise ImportFailed.listing(shown, problems.items, language)
    return table


# An encrypted .xlsx is an OLE compound file, as an old .xls is; a real .xlsx is a zip.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_zip(path: Path, language: str, shown: str) -> None:
    """Say what to do with a `.xlsx` that is not one: zipfile's "File is not a zip file"
    tells an officer nothing."""
    with path.open("rb") as handle:
        start = handle.read(8)
    if start.startswith(b"PK"):
        return
    if start == _COMPOUND_FILE:
        raise _refuse(language, "import.sealed_xlsx", file=shown)
    try:
        start.decode("utf-8")
    except UnicodeDecodeError:
        return  # not text either: openpyxl says why it cannot read it
    raise _refuse(language, "import.text_as_xlsx", file=shown)


def _match_headers(
    header: Header, spec: Spec, table: Table, problems: Problems
) -> list[tuple[str, int]]:
    known = vocab.headers(spec.kind, spec.columns)
    number = header.number
    positions: list[tuple[str, int]] = []
    for index, raw in enumerate(header.cells):
        # A header may be written on two lines in its cell: show it on one.
        text = " ".join(clean(raw).split())
        column = column_of(text, known)
        if not text or column == IGNORED_COLUMN:
            continue
        if undecodable(text):
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


_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2}|[A-Za-z])\)?$")


def _column_numbers(record: list[str]) -> bool:
    """The row official forms put under the header to number its columns: `(1) (2) (3)`,
    `1 2 3` or `A B 1 2`: every cell a short label, the numbers counting up."""
    labels = [_COLUMN_NUMBER.match(clean(cell)) for cell in record if clean(cell)]
    if len(labels) < 2 or not all(labels):
        return False
    numbers = [int(m.group(1)) for m in labels if m is not None and m.group(1).isdigit()]
    return all(b == a + 1 for a, b in pairwise(numbers))


# What a formula shows when it has nothing to work on, as in rows prepared below the data.
_FORMULA_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"}


def _blank(cells: dict[str, str]) -> bool:
    return all(not text or text in _FORMULA_ERRORS or text == UNCOMPUTED for text in cells.values())


_TOTAL_WORDS = {vocab.key(word) for word in ("tổng", "tổng cộng", "cộng", "tổng số", "total")}
_NUMBER = re.compile(r"^[\d.,\s%]+$")


def _totals(cells: dict[str, str]) -> bool:
    """A row such as `Tổng cộng | | 2.150`: one total word, and numbers or nothing else."""
    words = [text for text in cells.values() if text and not _NUMBER.match(text)]
    return len(words) == 1 and vocab.key(words[0]) in _TOTAL_WORDS


def _fill_merges(sheet: Sheet, data_start: int) -> list[list[str]]:
    """The records with a merged cell's text in every row it spans below the header.

    A team's code merged down the rows of its four indicators means that team on each
    row; Excel keeps the text in the first cell only. Across columns nothing is copied:
    the text belongs to the first column.
    """
    records = sheet.records
    spanning = [m for m in sheet.merges if m.last_row > m.first_row and m.first_row >= data_start]
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


_GUARDED = ("'=", "'+", "'-", "'@")


def _unguarded(text: str) -> str:
    """A cell as typed before `tracker export` put an apostrophe before `=`, `+`, `-` or
    `@` so that a spreadsheet shows it as text rather than running it as a formula."""
    return text[1:] if text.startswith(_GUARDED) else text


def undecodable(text: str) -> bool:
    # Bytes that were not UTF-8 were kept as lone surrogates by "surrogateescape".
    return any("\udc80" <= char <= "\udcff" for char in text)


def _csv(path: Path) -> Iterator[list[str]]:
    text = decode_csv(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


_MULTIBYTE = re.compile(r"[^\x00-\x7f\udc80-\udcff]")


def decode_csv(data: bytes) -> str:
    """The text of a CSV as Excel saves it on a Vietnamese Windows machine.

    "CSV UTF-8" (BOM or not) is read as such. "Unicode Text" is UTF-16 with a BOM and
    tabs. Plain "CSV" is in the ANSI code page, Windows-1258 for Vietnamese, which writes
    tones as combining marks (NFC is made later, in `clean`). Such a file is taken as
    Windows-1258 only if nothing in it reads as UTF-8 beyond ASCII: a UTF-8 file with one
    stray byte is refused at that cell rather than turned into mojibake throughout
    (its bytes are kept as lone surrogates: see `undecodable`). `NotText` for broken UTF-16.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotText from None
    data = data.removeprefix(codecs.BOM_UTF8)
    text = data.decode("utf-8", errors="surrogateescape")
    if undecodable(text) and not _MULTIBYTE.search(text):
        try:
            return data.decode("cp1258")
        except UnicodeDecodeError:
            pass  # bytes Windows-1258 leaves undefined: refused below as not UTF-8
    return text


class NotText(Exception):
    pass


def _refuse(language: str, key: str, **values: object) -> ImportFailed:
    return ImportFailed(MESSAGES(language, key, **values))
