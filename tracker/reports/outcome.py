"""What processing one message came to, and the review items it leaves for officers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from tracker.clock import utcnow
from tracker.store.models import MessageStatus, ReviewItem


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


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str
    reason: str | None = None
    reply: str | None = None
    entries: int = 0
    review_items: int = 0


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
        insert(ReviewItem),
        [
            {
                "message_id": message_id,
                "reason": review.reason,
                "text": review.text,
                "team_id": review.team_id,
                "indicator_id": review.indicator_id,
                "value": review.value,
                "status": "open",
                "created_at": now,
            }
            for review in reviews
        ],
    )


def outcome_of(reviews: list[Review], entries: int, reply: str | None) -> Outcome:
    """`review` as soon as one thing went to review, else `counted`."""
    if reviews:
        reasons = ", ".join(sorted({review.reason for review in reviews}))
        return Outcome(MessageStatus.REVIEW, reasons, reply, entries, len(reviews))
    return Outcome(MessageStatus.COUNTED, None, reply, entries, 0)
