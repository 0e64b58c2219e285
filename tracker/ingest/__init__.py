"""`tracker ingest FILE`: messages from a file into the journal, then processed.

Every message is read and checked first (a bad one stops everything before anything
is written), then recorded in batches of 2,000 per transaction through the journal,
which skips what it already holds; so a second run adds nothing. The checked messages
are kept, not read twice: they share their `raw` dicts with the parsed file, so this
costs little memory beyond the file itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Settings
from tracker.errors import UserError
from tracker.heap import frozen_heap
from tracker.ingest import messages_csv, telegram_export
from tracker.journal import record
from tracker.messages import Inbound
from tracker.reports.pipeline import ProcessStats, process_pending
from tracker.store.models import MessageSource

RECORD_BATCH = 10_000

Progress = Callable[[int], None]


@dataclass
class Source:
    path: Path
    kind: str  # telegram or csv
    messages: list[Inbound]
    skipped: int = 0  # messages with nothing to take (Telegram's `unsupported`)
    # Chats of a full export that are not team chats (private, bots, Saved Messages...),
    # by type: left out, and said so in the summary.
    chats_left_out: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.messages)


@dataclass
class IngestResult:
    read: int
    new: int
    known: int
    service: int
    processed: ProcessStats

    @property
    def ignored(self) -> int:
        # Service messages are journalled as ignored at once; the step never sees them.
        return self.processed.ignored + self.service


def open_source(path: Path) -> Source:
    """Detect the format and check every message; a UserError names what is wrong."""
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        with path.open("rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror})") from None
    if start.startswith(b"{"):
        document = _load_json(path)
        if not telegram_export.is_export(document):
            raise UserError(f"{path}: JSON, but not a Telegram Desktop export (no 'messages')")
        reading = telegram_export.read(document, path)
        return Source(
            path, "telegram", reading.messages, reading.skipped, dict(reading.chats_left_out)
        )
    if start[:1] == b"<":
        raise UserError(
            f"{path}: HTML, not JSON (Telegram Desktop's HTML export?); export the chat "
            "again choosing the format 'Machine-readable JSON' and give its result.json"
        )
    if not messages_csv.looks_like(path):
        raise UserError(
            f"{path}: neither a Telegram Desktop export nor a messages CSV "
            f"({','.join(messages_csv.COLUMNS)})"
        )
    try:
        return Source(path, "csv", list(messages_csv.messages(path)))
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None


def ingest(
    sessions: sessionmaker[Session],
    settings: Settings,
    source: Source,
    *,
    replies: bool = False,
    recorded: Progress | None = None,
    processed: Progress | None = None,
) -> IngestResult:
    # The parsed file is millions of long-lived objects (tracker.heap).
    with frozen_heap(collect=True):
        return _ingest(sessions, settings, source, replies, recorded, processed)


def _ingest(
    sessions: sessionmaker[Session],
    settings: Settings,
    source: Source,
    replies: bool,
    recorded: Progress | None,
    processed: Progress | None,
) -> IngestResult:
    new = known = service = 0
    # A file is history: its rows are never answered, unless asked to treat them as live.
    origin = MessageSource.LIVE if replies else MessageSource.IMPORT
    for batch in _batches(source.messages, RECORD_BATCH):
        with sessions.begin() as session:
            services = [message for message in batch if message.service]
            if services:
                done = record(session, services, origin)
                service += done.new
                new, known = new + done.new, known + done.known
            done = record(session, [m for m in batch if not m.service], origin)
            new, known = new + done.new, known + done.known
        if recorded is not None:
            recorded(len(batch))
    # Every pending row is processed, live ones that arrived meanwhile included; each
    # row's source decides whether it is answered, not this run.
    stats = process_pending(sessions, settings, progress=processed)
    return IngestResult(source.count, new, known, service, stats)


def _load_json(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        raise UserError(f"{path}: not valid JSON (line {error.lineno}: {error.msg})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    except RecursionError:
        raise UserError(f"{path}: not valid JSON (nested too deep to read)") from None


def _batches(items: Iterable[Inbound], size: int) -> Iterator[list[Inbound]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
