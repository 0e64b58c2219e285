"""A messages CSV: `channel,chat_id,message_id,sender_id,sender_name,date,text`.

For messages from any source a script can write. `date` is ISO-8601; without an offset
it is Vietnam time. An optional `edit_version` column numbers edits (0 when absent).
UTF-8 with or without BOM, UTF-16 or Windows-1258 as Excel saves them; `,`, `;` or tabs as
delimiter; header names in any case: as for the import files.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from tracker.clock import parse_moment
from tracker.errors import UserError
from tracker.imports.reading import NotText, decode_csv, undecodable
from tracker.messages import Inbound

COLUMNS = ("channel", "chat_id", "message_id", "sender_id", "sender_name", "date", "text")
_REQUIRED = ("channel", "chat_id", "message_id", "date")
_EXTRA = "\x00extra"  # where DictReader puts the fields of a row past the header's


def looks_like(path: Path) -> bool:
    try:
        header = _text(path).split("\n", 1)[0]
    except UserError:
        return False
    return all(column in _columns(header) for column in ("chat_id", "message_id", "date"))


def _text(path: Path) -> str:
    # As the import files: Excel's "CSV UTF-8", "Unicode Text" (UTF-16, tabs) or plain
    # "CSV" (Windows-1258 on a Vietnamese Windows) all read the same.
    try:
        text = decode_csv(path.read_bytes())
    except NotText:
        text = "\udcff"
    if undecodable(text):
        raise UserError(f"{path}: not UTF-8 text")
    # Windows-1258 writes tones as combining marks, macOS writes NFD: names and texts
    # compare with what the roster and the other channels hold only in NFC.
    return unicodedata.normalize("NFC", text)


def _delimiter(header: str) -> str:
    return max(",;\t", key=header.count)


def _columns(header: str) -> list[str]:
    """The header's names as the columns are spelled here: `Chat_ID ` is `chat_id`."""
    names = next(csv.reader([header], delimiter=_delimiter(header)), [])
    return [_column(name) for name in names]


def _column(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().lower()


def messages(path: Path) -> Iterator[Inbound]:
    text = _text(path)
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, restkey=_EXTRA)
    columns = [_column(name) for name in reader.fieldnames or []]  # reads the header
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        raise UserError(f"{path}: missing column(s): {', '.join(missing)}")
    reader.fieldnames = columns
    for row in reader:
        if row.get(_EXTRA):
            # Without this the csv module files the surplus away and the text is cut
            # at the first unquoted delimiter, silently.
            count = len(columns) + len(row[_EXTRA])
            raise UserError(
                f"{path}: row {reader.line_num}: {count} fields, the header has "
                f"{len(columns)} (a text holding '{delimiter}' must be in double quotes)"
            )
        yield _message(row, path, reader.line_num)


def _message(row: dict[str, str | None], path: Path, line: int) -> Inbound:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    for name in _REQUIRED:
        if not cell(name):
            raise UserError(f"{path}: row {line}, column {name}: empty")
    try:
        sent_at = parse_moment(cell("date"))
    except ValueError:
        raise UserError(
            f"{path}: row {line}, column date: {cell('date')!r} is not an ISO-8601 time"
        ) from None
    version = cell("edit_version") or "0"
    if not version.isdigit():
        raise UserError(f"{path}: row {line}, column edit_version: {version!r} is not a number")
    return Inbound(
        channel=cell("channel"),
        chat_id=cell("chat_id"),
        message_id=cell("message_id"),
        sent_at=sent_at,
        text=row.get("text") or "",
        sender_id=cell("sender_id") or None,
        sender_name=cell("sender_name") or None,
        edit_version=int(version),
        raw={name: row.get(name) for name in row if name},
    )
