"""The audit log's one writer: who did what to which item, with its state before and after.

Every change to the store that an officer, a member or a platform makes goes through
`record` (or `record_many` for an import's thousands of rows), so that an entry always
has the same shape and the actor is never left out. Reading the log is not done here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from tracker.store.models import AuditEntry

# The store's column widths (tracker.store.models.audit): longer values are cut, not refused,
# since the change itself is already valid by the time it is recorded.
ACTOR_WIDTH = 100
KEY_WIDTH = 200


@dataclass(frozen=True, slots=True)
class Change:
    """One audited change: `before` None for something created, `after` None for a removal."""

    actor: str
    action: str  # create, update, delete, accept, reject, post, done...
    entity: str  # unit, team, member, chat, quota, review_item, digest...
    key: str  # what names the item for an officer: a code, `team/indicator/period`...
    before: Any = None
    after: Any = None

    def row(self) -> dict[str, Any]:
        return {
            "actor": self.actor[:ACTOR_WIDTH],
            "action": self.action,
            "entity": self.entity,
            "entity_key": self.key[:KEY_WIDTH],
            "before": self.before,
            "after": self.after,
        }


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    key: str,
    before: Any = None,
    after: Any = None,
    *,
    refused: bool = False,
) -> AuditEntry:
    """Add one entry to the caller's transaction: it is kept exactly when the change is.
    `refused` marks an attempt that was turned down (a sign-in, a write outside a scope)."""
    change = Change(actor, action, entity, key, before, after)
    watch: _Watch | None = session.info.get(_WATCH)
    if watch is not None and not refused:
        change = replace(change, action=watch.action or action)
        watch.changes.append(change)
    entry = AuditEntry(**change.row(), refused=refused)
    session.add(entry)
    return entry


@dataclass(slots=True)
class _Watch:
    action: str | None
    changes: list[Change] = field(default_factory=list)


_WATCH = "tracker.audit.watch"


@contextmanager
def _watching(session: Session, action: str | None) -> Iterator[list[Change]]:
    if _WATCH in session.info:
        raise RuntimeError("one watch at a time on a session")
    watch = session.info[_WATCH] = _Watch(action)
    try:
        yield watch.changes
    finally:
        del session.info[_WATCH]


@contextmanager
def watched(session: Session) -> Iterator[list[Change]]:
    """The changes `record` adds inside the block, as recorded: what a screen keeps to
    undo its last change (tracker.undo) without asking each service for its snapshots."""
    with _watching(session, None) as changes:
        yield changes


@contextmanager
def recorded_as(session: Session, action: str) -> Iterator[list[Change]]:
    """Inside the block every entry is recorded under `action`: an undo puts rows back
    through the services that made them, and their entries say `undo`, not `update`."""
    with _watching(session, action) as changes:
        yield changes


def record_many(session: Session, changes: Iterable[Change]) -> int:
    """Write many entries in one bulk statement (an import's rows); how many were written."""
    rows = [change.row() for change in changes]
    if rows:
        session.execute(insert(AuditEntry), rows)
    return len(rows)
