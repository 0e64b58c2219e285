"""Helpers for the import tests: the example files, and a full dump of the store."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.conftest import DATA, Tracker

EXAMPLES = DATA / "import"
ORDER = ("units", "teams", "members", "indicators", "quotas", "chats", "tasks")


def load_examples(tracker: Tracker, *kinds: str) -> None:
    for kind in kinds or ORDER:
        tracker.ok("import", kind, str(EXAMPLES / f"{kind}.csv"))


def dump(tracker: Tracker) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: equal dumps mean an unchanged store."""
    from tracker.store.engine import make_engine
    from tracker.store.models import Base

    tables: dict[str, list[tuple[Any, ...]]] = {}
    engine = make_engine(tracker.db_url)
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            tables[table.name] = [tuple(row) for row in connection.execute(query)]
    engine.dispose()
    return tables


def sqlite_bytes(tracker: Tracker) -> dict[str, bytes]:
    """The SQLite file and its write-ahead log, byte for byte (empty for PostgreSQL).

    A log that does not exist and one of 0 bytes (an open connection with nothing
    written) both hold no pages, so both count as empty.
    """
    if not tracker.db_url.startswith("sqlite"):
        return {}
    gc.collect()  # close the connections of earlier commands, as a finished process would
    path = Path(tracker.db_url.removeprefix("sqlite:///"))
    files = [path, path.with_name(path.name + "-wal")]
    return {str(file): file.read_bytes() if file.exists() else b"" for file in files}


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def refused(tracker: Tracker, kind: str, path: Path) -> str:
    """Import a file that must be refused; the store must not change at all. Returns stderr."""
    before, raw_before = dump(tracker), sqlite_bytes(tracker)
    result = tracker("import", kind, str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert dump(tracker) == before
    assert sqlite_bytes(tracker) == raw_before
    return result.stderr
