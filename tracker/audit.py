"""The audit log's one writer: who did what to which item, with its state before and after.

Every change to the store that an officer, a member or a platform makes goes through
`record` (or `record_many` for an import's thousands of rows), so that an entry always
has the same shape and the actor is never left out. Reading the log is not done here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
    entry = AuditEntry(**Change(actor, action, entity, key, before, after).row(), refused=refused)
    session.add(entry)
    return entry


def record_many(session: Session, changes: Iterable[Change]) -> int:
    """Write many entries in one bulk statement (an import's rows); how many were written."""
    rows = [change.row() for change in changes]
    if rows:
        session.execute(insert(AuditEntry), rows)
    return len(rows)
