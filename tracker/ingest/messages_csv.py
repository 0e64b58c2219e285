"""A messages CSV: `channel,chat_id,message_id,sender_id,sender_name,date,text`.

For messages from any source a script can write. `date` is ISO-8601; without an offset
it is Vietnam time. An optional `edit_version` column numbers edits (0 when absent).
UTF-8 with or without BOM, `,` or `;` as delimiter, as for the import files.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from tracker.clock import parse_moment
from tracker.errors import UserError
from tracker.messages import Inbound

COLUMNS = ("channel", "chat_id", "message_id", "sender_id", "sender_name", "date", "text")
_REQUIRED = ("channel", "chat_id", "message_id", "date")
_EXTRA = "\x00extra"  # where DictReader puts the fields of a row past the header's


def looks_like(path: Path) -> bool:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    return all(column in header for column in ("chat_id", "message_id", "date"))


def messages(path: Path) -> Iterator[Inbound]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
        delimiter = ";" if header.count(";") > header.count(",") else ","
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=delimiter, restkey=_EXTRA)
        columns = [name.strip() for name in reader.fieldnames or []]
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
