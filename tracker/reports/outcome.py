"""What processing one message came to, and the review items it leaves for officers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from tracker.clock import utcnow
from tracker.reports.totals import Line
from tracker.store.models import MessageStatus, ReportEntry, ReviewItem


@dataclass(frozen=True, slots=True)
class Message:
    """The journal row being processed: only what processing reads."""

    id: int
    channel: str
    chat_id: str
    message_id: str
    edit_version: int
    sender_id: str | None
    text: str
    sent_at: datetime
    day: date  # the local date of sent_at (Vietnam time), worked out once
    live: bool = True  # answered (its source is live), not history from a file
    forwarded: bool = False
    again: bool = False  # held until its sender was known, now processed again
    named_team: int | None = None  # the team the report names (language/teamname.py)


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str
    reason: str | None = None
    reply: str | None = None
    entries: int = 0
    review_items: int = 0
    ask_phone: bool = False  # the reply asks for the sender's phone (registration)


@dataclass(frozen=True, slots=True)
class Review:
    """One thing for the review inbox; `team_id` may be a suggestion (the chat's team)."""

    reason: str
    text: str
    team_id: int | None = None
    indicator_id: int | None = None
    value: int | None = None


def add_reviews(session: Session, message_id: int, reviews: list[Review]) -> None:
    if not reviews:
        return
    now = utcnow()
    session.execute(
        insert(_table(ReviewItem)), [_review_row(message_id, review, now) for review in reviews]
    )


def _review_row(message_id: int, review: Review, now: datetime) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "reason": review.reason,
        "text": review.text,
        "team_id": review.team_id,
        "indicator_id": review.indicator_id,
        "value": review.value,
        "status": "open",
        "created_at": now,
    }


def outcome_of(reviews: list[Review], entries: int, reply: str | None) -> Outcome:
    """`review` as soon as one thing went to review, else `counted`."""
    if reviews:
        reasons = ", ".join(sorted({review.reason for review in reviews}))
        return Outcome(MessageStatus.REVIEW, reasons, reply, entries, len(reviews))
    return Outcome(MessageStatus.COUNTED, None, reply, entries, 0)


class Pending:
    """Entries and review items of progress reports, written together when the batch ends.

    One executemany per batch instead of a statement per item: this is what keeps a
    200,000-message import in seconds. Entries get a negative stand-in id until then.
    """

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.lines: list[Line] = []
        self.reviews: list[dict[str, Any]] = []

    def entry(self, line: Line) -> None:
        assert line.row is not None
        self.entries.append(line.row)
        self.lines.append(line)

    def review(self, message_id: int, reviews: list[Review]) -> None:
        now = utcnow()
        self.reviews.extend(_review_row(message_id, review, now) for review in reviews)

    def holds(self, message_ids: list[int]) -> bool:
        """Whether entries or review items of these messages wait here, unwritten."""
        ids = set(message_ids)
        return any(row["message_id"] in ids for row in self.entries) or any(
            row["message_id"] in ids for row in self.reviews
        )

    def mark(self) -> tuple[int, int]:
        return len(self.entries), len(self.reviews)

    def truncate(self, mark: tuple[int, int]) -> None:
        del self.entries[mark[0] :]
        del self.lines[mark[0] :]
        del self.reviews[mark[1] :]

    def flush(self, session: Session) -> None:
        if self.entries:
            now = utcnow()
            for entry in self.entries:
                entry["created_at"] = now
            # No RETURNING: on SQLite, ids in parameter order would cost one statement per
            # row. A message's entries are all written in one flush, so their ids, read
            # back in order, belong to its lines in the order they were added.
            session.execute(insert(_table(ReportEntry)), self.entries)
            by_message: dict[int, list[Line]] = {}
            for line in self.lines:
                by_message.setdefault(line.message_id or 0, []).append(line)
            stored = session.execute(
                select(ReportEntry.message_id, ReportEntry.id)
                .where(ReportEntry.message_id.in_(list(by_message)))
                .order_by(ReportEntry.id)
            )
            position: dict[int, int] = {}
            for message_id, entry_id in stored:
                assert message_id is not None
                index = position.get(message_id, 0)
                position[message_id] = index + 1
                line = by_message[message_id][index]
                line.id, line.row = entry_id, None
        if self.reviews:
            session.execute(insert(_table(ReviewItem)), self.reviews)
        self.entries, self.lines, self.reviews = [], [], []


def _table(model: type[ReportEntry] | type[ReviewItem]) -> Table:
    # Core inserts of plain rows: the ORM's bulk path costs more than the insert itself.
    # (Entries map a Core table of tracker/store/tables.py, and have no __tablename__.)
    return cast(Table, model.__table__)
