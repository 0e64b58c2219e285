"""Where a file's table is: the sheet and the header row, found by the columns they name.

Offices put a title block (often merged cells) above the header, an instructions sheet
before the data, hidden sheets of drop-down lists after it, and sometimes a header on
two rows ("Tài khoản" merged over "Telegram" and "Zalo"). Nothing is assumed about
positions: every sheet's first rows are scored by how well they name the kind's columns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tracker.imports import vocab
from tracker.imports.workbook import Sheet

# How far down a sheet the header is looked for: past any title block, not into the data.
SEARCH = 30
# Columns people add for themselves (row numbers, notes) that mean nothing to the tracker.
_IGNORED = {
    vocab.key(word) for word in ("stt", "số thứ tự", "tt", "ghi chú", "note", "notes", "no")
}
IGNORED_COLUMN = "\0ignored"


@dataclass(frozen=True)
class Header:
    sheet: Sheet
    first: int  # 0-based index of the (first) header row
    cells: list[str]  # the header's text per column, two rows merged into one if need be
    depth: int = 1  # rows the header takes

    @property
    def number(self) -> int:
        """The header's row as the spreadsheet shows it (its first row)."""
        return self.first + 1

    @property
    def data_start(self) -> int:
        return self.first + self.depth


def clean(text: str) -> str:
    # NFC so that a name typed in NFD (macOS, some phones) equals the same name in NFC.
    return unicodedata.normalize("NFC", text.replace("\u00a0", " ")).strip()


def column_of(text: str, known: dict[str, str]) -> str | None:
    """The column a header names, `IGNORED_COLUMN` for STT and the like, else None."""
    keys = vocab.header_keys(text)
    for word in keys:
        if word in known:
            return known[word]
    if any(word in _IGNORED for word in keys):
        return IGNORED_COLUMN
    return None


def find_header(
    sheets: list[Sheet], kind: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[Header | None, list[Header]]:
    """The table's header, and the other sheets' headers that are just as complete.

    A visible sheet beats a hidden one (drop-down lists), then the row naming the most
    required columns, then the most columns, then one with data below it (not an
    instructions sheet showing the header), then the fewest unknown ones; then the
    active sheet, the first sheet and the first row. With no row naming any column, the
    first row with text is taken, so that the refusal lists what its headers lack.

    The rivals are other visible sheets whose header names every required column and
    which hold data: taking one sheet would silently drop the others (a list split by
    commune) or import an example sheet, so the caller refuses the file instead.
    """
    known = vocab.headers(kind, columns)
    best: dict[int, tuple[tuple[int, ...], Header]] = {}  # sheet order -> its best header
    first: dict[bool, Header] = {}  # visible or not -> the first row with text
    for order, sheet in enumerate(sheets):
        records = sheet.records[:SEARCH]
        for index, record in enumerate(records):
            if not any(clean(cell) for cell in record):
                continue
            first.setdefault(sheet.visible, Header(sheet, index, record))
            for header in _candidates(sheet, index, records, known):
                score = _score(header.cells, known, required)
                if score is None:
                    continue
                required_named, named, unknown = score
                data = int(_has_data(header, known))
                ranked: tuple[int, ...] = (int(sheet.visible), required_named, named, data)
                ranked += (unknown, int(sheet.active), -order, -index)
                if order not in best or ranked > best[order][0]:
                    best[order] = (ranked, header)
    if not best:
        return first.get(True) or first.get(False), []
    ranked, winner = max(best.values(), key=lambda pair: pair[0])
    if ranked[:4] != (1, len(set(required)), ranked[2], 1):
        return winner, []  # not a complete table with data: its refusal says what is wrong
    rivals = [
        header
        for rank, header in best.values()
        if header is not winner and rank[0] == 1 and rank[1] == ranked[1] and rank[3] == 1
    ]
    return winner, rivals


def _candidates(
    sheet: Sheet, index: int, records: list[list[str]], known: dict[str, str]
) -> list[Header]:
    """The row as a header, and with the row below it when together they name more."""
    single = Header(sheet, index, records[index])
    if index + 1 >= len(records):
        return [single]
    upper, lower = records[index], records[index + 1]
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    # Where the lower row names a column it wins ("Telegram" under "Tài khoản"); where it
    # is empty, the upper row's cell was merged down over it ("Họ và tên").
    merged = [low if clean(low) else up for up, low in zip(upper, lower, strict=True)]
    named = [_named(cells, known) for cells in (upper, lower, merged)]
    if named[2] > max(named[0], named[1]):
        return [single, Header(sheet, index, merged, depth=2)]
    return [single]


def _named(cells: list[str], known: dict[str, str]) -> int:
    found = {column_of(clean(cell), known) for cell in cells if clean(cell)}
    return len(found - {None, IGNORED_COLUMN})


def _score(
    cells: list[str], known: dict[str, str], required: tuple[str, ...]
) -> tuple[int, int, int] | None:
    texts = [clean(cell) for cell in cells if clean(cell)]
    found = [column_of(text, known) for text in texts]
    matched = {column for column in found if column is not None} - {IGNORED_COLUMN}
    if not matched:
        return None
    unknown = sum(1 for column in found if column is None)
    return len(matched & set(required)), len(matched), -unknown


def _has_data(header: Header, known: dict[str, str]) -> bool:
    used = [
        i
        for i, cell in enumerate(header.cells)
        if column_of(clean(cell), known) not in (None, IGNORED_COLUMN)
    ]
    return any(
        any(i < len(record) and clean(record[i]) for i in used)
        for record in header.sheet.records[header.data_start :]
    )
