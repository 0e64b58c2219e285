"""Entries that stop counting without being deleted: replaced by an edit, or a stated total
that a late-arriving earlier report made lower than what was reported before it.

`ReportEntry.superseded_by_id` names the journal row that caused it in both cases.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from tracker.reports.outcome import Message, Review, add_reviews
from tracker.reports.totals import Key, Ledger, Line, key_of
from tracker.store.models import InboundMessage, MessageStatus, ReportEntry, ReviewItem

# Who closes the review items of a replaced version: not an officer, the edit itself.
EDIT_ACTOR = "tracker (replaced by an edit)"

_ENTRIES = ReportEntry.__table__  # a Table: declared in tracker/store/tables.py
_REVIEWS = cast(Table, ReviewItem.__table__)
_JOURNAL = cast(Table, InboundMessage.__table__)


def supersede(
    session: Session, ledger: Ledger, older: list[int], row: Message, now: datetime
) -> None:
    """Replace what the older versions of `row`'s message said (CONTRACTS §4: edits)."""
    # Core statements on the tables: the ORM's update path cost more than the statements
    # themselves, for each edited message of an import.
    entries = session.execute(
        select(
            _ENTRIES.c.id, _ENTRIES.c.team_id, _ENTRIES.c.indicator_id, _ENTRIES.c.local_date
        ).where(_ENTRIES.c.message_id.in_(older), _ENTRIES.c.superseded_by_id.is_(None))
    ).all()
    keys: dict[Key, set[int]] = {}
    for entry in entries:
        keys.setdefault(key_of(entry.team_id, entry.indicator_id, entry.local_date), set()).add(
            entry.id
        )
    if entries:
        session.execute(
            update(_ENTRIES)
            .where(_ENTRIES.c.id.in_([entry.id for entry in entries]))
            .values(superseded_by_id=row.id)
        )
    session.execute(
        update(_REVIEWS)
        .where(_REVIEWS.c.message_id.in_(older), _REVIEWS.c.status == "open")
        .values(status="rejected", decided_by=EDIT_ACTOR, decided_at=now)
    )
    session.execute(
        update(_JOURNAL)
        .where(
            _JOURNAL.c.id.in_(older),
            _JOURNAL.c.status.in_([MessageStatus.COUNTED.value, MessageStatus.REVIEW.value]),
        )
        .values(
            status=MessageStatus.IGNORED.value,
            reason=f"replaced by a newer version of the message ({row.edit_version})",
        )
    )
    for key, ids in keys.items():
        ledger.drop(key, ids)
        demote(session, ledger, key, ledger.settle(key), row.id)


def demote(session: Session, ledger: Ledger, key: Key, lines: list[Line], cause: int) -> None:
    """Stated totals that are now lower than what came before them go to review.

    Their messages were processed in an earlier batch (a batch runs in sent order, so a
    message can only lower the totals sent after it), so this status is not overwritten.
    """
    if not lines:
        return
    team_id, indicator_id, _ = key
    for line in lines:
        if line.row is not None:
            line.row["superseded_by_id"] = cause
    stored = [line.id for line in lines if line.row is None]
    if stored:
        session.execute(
            update(ReportEntry).where(ReportEntry.id.in_(stored)).values(superseded_by_id=cause)
        )
    for line in lines:
        if line.message_id is None:
            continue
        review = Review(
            "total_lower", f"={line.stated_total}", team_id, indicator_id, line.stated_total
        )
        add_reviews(session, line.message_id, [review])
        session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == line.message_id)
            .values(status=MessageStatus.REVIEW, reason="total_lower")
        )
