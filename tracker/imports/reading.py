"""Reading an import file into rows of text keyed by column, whatever its shape.

CSV comes as Excel writes it: UTF-8 with or without a BOM, `,` or `;` (a Vietnamese
locale), sometimes tabs. An `.xlsx` is read from its first sheet. Headers are matched
after folding, so Vietnamese headers work with or without diacritics. Row numbers are
those a spreadsheet shows: the header is row 1, and blank rows still count.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.imports import vocab
from tracker.imports.errors import ImportFailed, Problems, RowProblem
from tracker.imports.messages import MESSAGES

LIST_SEPARATOR = "|"
# Columns people add for themselves (row numbers, notes) that mean nothing to the tracker.
_IGNORED = {vocab.key(word) for word in ("stt", "số thứ tự", "tt", "ghi chú", "note", "notes")}


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
        records = list(_xlsx_records(path) if suffix == ".xlsx" else _csv_records(path))
    except OSError as error:
        raise _refuse(language, "import.no_file", file=shown, reason=error.strerror) from None
    except _BadWorkbook as error:
        raise _refuse(language, "import.bad_xlsx", file=shown, reason=str(error)) from None
    except (csv.Error, _NotUtf8):
        # NUL bytes and the like: UTF-16 ("Unicode Text" in Excel) or not text at all.
        raise ImportFailed.listing(
            shown, [RowProblem(1, None, "import.not_utf8")], language
        ) from None
    problems = Problems()
    table = Table(shown, spec)
    if not records:
        problems.add(1, None, "import.empty_file")
        raise ImportFailed.listing(shown, problems.items, language)
    positions = _match_headers(records[0], spec, table, problems)
    if problems:
        raise ImportFailed.listing(shown, problems.items, language)
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {column: _clean(record[i]) if i < len(record) else "" for column, i in positions}
        for column, text in cells.items():
            if _undecodable(text):
                problems.add(number, table.label(column), "import.not_utf8")
        table.rows.append(Row(number, cells))
    if problems:
        raise ImportFailed.listing(shown, problems.items, language)
    return table


def _match_headers(
    header: list[str], spec: Spec, table: Table, problems: Problems
) -> list[tuple[str, int]]:
    known = vocab.headers(spec.kind, spec.columns)
    positions: list[tuple[str, int]] = []
    for index, raw in enumerate(header):
        text = _clean(raw)
        if not text or (vocab.key(text) in _IGNORED and vocab.key(text) not in known):
            continue
        if _undecodable(text):
            problems.add(1, None, "import.not_utf8")
            continue
        column = known.get(vocab.key(text))
        if column is None:
            problems.add(1, text, "import.unknown_column", columns=", ".join(spec.columns))
        elif column in table.labels:
            problems.add(1, text, "import.duplicate_column", other=table.labels[column])
        else:
            table.labels[column] = text
            positions.append((column, index))
    for column in spec.required:
        if column not in table.labels:
            hints = vocab.hints(spec.kind, column)
            problems.add(1, column, "import.missing_column", hints=hints)
    return positions


def _clean(text: str) -> str:
    # NFC so that a name typed in NFD (macOS, some phones) equals the same name in NFC.
    return unicodedata.normalize("NFC", text.replace("\u00a0", " ")).strip()


def _undecodable(text: str) -> bool:
    # Bytes that were not UTF-8 were kept as lone surrogates by "surrogateescape".
    return any("\udc80" <= char <= "\udcff" for char in text)


def _csv_records(path: Path) -> Iterator[list[str]]:
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _NotUtf8
    data = data.removeprefix(codecs.BOM_UTF8)
    text = data.decode("utf-8", errors="surrogateescape")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


class _BadWorkbook(Exception):
    pass


class _NotUtf8(Exception):
    pass


def _xlsx_records(path: Path) -> Iterator[list[str]]:
    import zipfile

    # Only here: openpyxl is slow to import and only .xlsx files need it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise _BadWorkbook(str(error) or type(error).__name__) from None
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows():
            yield [_cell_text(cell) for cell in cells]
    finally:
        workbook.close()


def _cell_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
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


def _refuse(language: str, key: str, **values: object) -> ImportFailed:
    return ImportFailed(MESSAGES(language, key, **values))
