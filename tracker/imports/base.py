"""What every importer shares: the table, the session, the problems found and the tally."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.audit import Change, record_many
from tracker.config import Settings
from tracker.imports.errors import ImportFailed, Problems
from tracker.imports.messages import MESSAGES
from tracker.imports.reading import Row, Table
from tracker.imports.vocab import key

T = TypeVar("T")
# SQLite allows 32,766 bound parameters and PostgreSQL 65,535; stay well below both.
CHUNK = 500


@dataclass
class Outcome:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # i18n key -> how many cells the import rewrote that way (phones given back their 0):
    # said in the summary, since what is stored differs from what the file says.
    rewritten: dict[str, int] = field(default_factory=dict)

    def summary(self, language: str) -> str:
        line = MESSAGES(
            language,
            "import.summary",
            kind=MESSAGES(language, f"kind.{self.kind}"),
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
        notes = [MESSAGES(language, key, count=n) for key, n in self.rewritten.items() if n]
        return "; ".join([line, *notes])

    def note_rewritten(self, key: str) -> None:
        self.rewritten[key] = self.rewritten.get(key, 0) + 1


@dataclass
class ImportRun:
    session: Session
    settings: Settings
    table: Table
    actor: str
    problems: Problems = field(default_factory=Problems)
    outcome: Outcome = field(init=False)
    _audit: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.outcome = Outcome(self.table.spec.kind)

    @property
    def language(self) -> str:
        return self.settings.language

    def problem(self, row: Row | int, column: str | None, key: str, **values: object) -> None:
        """Note a problem in `column` (a column name; shown as the file's header)."""
        number = row if isinstance(row, int) else row.number
        label = None if column is None else self.table.label(column)
        self.problems.add(number, label, key, **values)

    def required(self, row: Row, column: str) -> str | None:
        """The cell's text, or None after noting that it must not be empty."""
        text = row[column]
        if not text:
            self.problem(row, column, "import.required")
            return None
        return text

    def check(self) -> None:
        """Stop here, writing nothing more, if anything was wrong."""
        if self.problems:
            raise ImportFailed.listing(self.table.file, self.problems.items, self.language)

    def record(
        self, entity: str, key: str, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> None:
        """Count a row as created, updated or unchanged, and audit it when it changed."""
        if before == after:
            self.outcome.unchanged += 1
            return
        if before is None:
            self.outcome.created += 1
        else:
            self.outcome.updated += 1
        action = "create" if before is None else "update"
        self._audit.append(Change(self.actor, action, entity, key, before, after))

    def write_audit(self) -> None:
        record_many(self.session, self._audit)
        self._audit.clear()


def pairs(result: Any) -> dict[Any, Any]:
    """A two-column result as a dict (`dict(result)` would take a Result for a mapping)."""
    return {first: second for first, second in result}


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def by_code(session: Session, model: Any, codes: Iterable[str]) -> dict[str, Any]:
    """The rows of `model` with these codes, fetched in a few queries rather than one per row."""
    wanted = sorted(set(codes))
    found: dict[str, Any] = {}
    for part in chunks(wanted):
        query = select(model).where(model.code.in_(part))
        if hasattr(model, "valid_to"):  # a unit that ended may have left its code to another
            query = query.where(model.valid_to.is_(None))
        for item in session.scalars(query):
            found[item.code] = item
    return found


def by_code_or_name(job: ImportRun, model: Any, rows: list[Row], column: str) -> dict[str, Any]:
    """Each row's team or indicator in `column` by its code, or else by its name (or an
    alias) as people write it, diacritics and case aside.

    A sheet made for people often names ("Tổ CNSCĐ thôn Phạm Lam", "Thanh toán điện tử")
    what the tracker codes. The row's cell is rewritten to the code, so that the rest of
    the import (duplicates, the audit) sees one spelling. A name two of them share stays
    unknown rather than picking one.
    """
    found = by_code(job.session, model, (row[column] for row in rows))
    if all(row[column] in found for row in rows):
        return found
    named: dict[str, Any] = {}
    for item in job.session.scalars(select(model)):
        for word in (item.code, item.name, *getattr(item, "aliases", ())):
            other = named.setdefault(key(word), item)
            if other is not None and other.id != item.id:
                named[key(word)] = None
    for row in rows:
        if row[column] not in found:
            match = named.get(key(row[column]))
            if match is not None:
                row.cells[column] = match.code
                found[match.code] = match
    return found


def duplicates(run: ImportRun, rows: Iterable[Row], column: str, key_of: Any) -> list[Row]:
    """The rows whose key comes first in the file; later repeats are noted as problems."""
    seen: dict[Any, int] = {}
    kept: list[Row] = []
    for row in rows:
        identity = key_of(row)
        if identity in seen:
            run.problem(row, column, "import.duplicate", value=row[column], line=seen[identity])
            continue
        seen[identity] = row.number
        kept.append(row)
    return kept
