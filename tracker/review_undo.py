"""Undoing the review screen's last decision: a reject (one item, or every item shown at
once) or an accept.

The screen decides through `decide`, which keeps what the decision left (each item's
status, decider, time and entry, each message's status and reason) and what was there
before. `undo_decision` puts `before` back, all or none, with an `undo` audit entry per
item; the decision stays in the log. An undone accept removes the entry it counted and
works out the stated totals of that month again, so they stand as before it; its audit
entry keeps the removed entry (id, team, indicator, value, date), so that every number
ever counted still leads somewhere.

Nothing is undone when an item or its message no longer holds what the decision left
(decided again, reopened, replaced by an edit since), nor for an accept that was held for
an approved month (nothing was counted), that sent later stated totals to review (putting
them back is an officer's decision, item by item), whose entry was replaced since, or
whose month has been approved since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn, TypeVar, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from tracker import audit
from tracker.monthly.decisions import approval_of
from tracker.officers.service_scope import check_review
from tracker.periods import Period
from tracker.reports.totals import Ledger, key_of
from tracker.review import item_state
from tracker.store.models import InboundMessage, ReportEntry, ReviewItem, Team
from tracker.undo import UndoRefused

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DecidedItem:
    """One review item: what the decision left of it, and what was there before."""

    id: int
    status: str
    decided_by: str | None
    decided_at: datetime | None
    entry: int | None
    # Before: the team, indicator and value an accept may have corrected.
    team_id: int | None
    indicator_id: int | None
    value: int | None


@dataclass(frozen=True, slots=True)
class DecidedMessage:
    id: int
    before: tuple[str, str | None]  # status, reason
    after: tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """What one decision of the review screen did to its items and their messages."""

    action: str  # accept, reject
    items: tuple[DecidedItem, ...]
    messages: tuple[DecidedMessage, ...]
    demoted: int = 0  # later stated totals an accept sent to review

    @property
    def key(self) -> str:
        return ", ".join(str(item.id) for item in self.items)


@dataclass(slots=True)
class _Before:
    items: dict[int, tuple[int | None, int | None, int | None]] = field(default_factory=dict)
    messages: dict[int, tuple[str, str | None]] = field(default_factory=dict)


def decide(
    session: Session, action: str, item_ids: Sequence[int], decision: Callable[[], T]
) -> tuple[T, ReviewDecision]:
    """Run `decision` (accept or reject of these items, in the caller's transaction) and
    keep what undoing it needs."""
    before = _Before()
    for item_id in item_ids:
        item = session.get(ReviewItem, item_id)
        if item is None:
            continue  # the service refuses it
        before.items[item.id] = (item.team_id, item.indicator_id, item.value)
        message = item.message
        before.messages.setdefault(message.id, (message.status, message.reason))
    demoting = _demoted_by(session, list(before.messages))
    result = decision()
    session.flush()
    items = []
    for item_id, (team_id, indicator_id, value) in before.items.items():
        item = session.get_one(ReviewItem, item_id)
        items.append(
            DecidedItem(
                item.id,
                item.status,
                item.decided_by,
                item.decided_at,
                item.entry_id,
                team_id,
                indicator_id,
                value,
            )
        )
    messages = []
    for message_id, was in before.messages.items():
        message = session.get_one(InboundMessage, message_id)
        messages.append(DecidedMessage(message_id, was, (message.status, message.reason)))
    demoted = _demoted_by(session, list(before.messages)) - demoting
    return result, ReviewDecision(action, tuple(items), tuple(messages), demoted)


def _demoted_by(session: Session, message_ids: list[int]) -> int:
    """Entries no longer counted because of these messages (`demote` names the accepted
    item's message as the cause of the stated totals it sends to review)."""
    query = select(func.count()).where(ReportEntry.superseded_by_id.in_(message_ids))
    return int(session.scalar(query) or 0)


def undo_decision(session: Session, decision: ReviewDecision, officer: str) -> None:
    """Put back what the decision found, all or none, in the caller's transaction."""
    for item in decision.items:
        team = _team_code(session, item.team_id)
        check_review(session, officer, item.id, team, what=f"review undo {item.id}")
    if decision.action == "accept" and decision.demoted:
        raise UndoRefused("undo.review_demoted", item=decision.key, count=decision.demoted)
    for decided in decision.items:
        _undo_item(session, decided, officer)
    for message in decision.messages:
        row = session.get_one(InboundMessage, message.id)
        if _edited(session, row):
            raise UndoRefused("undo.review_edited", item=decision.key)
        if (row.status, row.reason) != message.after:
            raise UndoRefused("undo.review_message", item=decision.key, status=row.status)
        row.status, row.reason = message.before
    session.flush()


def _edited(session: Session, message: InboundMessage) -> bool:
    """A newer version of the message came since: it is processed, or reviewed, on its own."""
    newer = select(InboundMessage.id).where(
        InboundMessage.channel == message.channel,
        InboundMessage.chat_id == message.chat_id,
        InboundMessage.message_id == message.message_id,
        InboundMessage.edit_version > message.edit_version,
    )
    return session.scalar(newer.limit(1)) is not None


def _undo_item(session: Session, decided: DecidedItem, officer: str) -> None:
    item = session.get(ReviewItem, decided.id, populate_existing=True)
    if item is None:
        raise UndoRefused("undo.gone", item=decided.id)
    if decided.status == "open":  # an accept held for an approved month: nothing counted
        raise UndoRefused("undo.review_held", item=decided.id)
    left = (decided.status, decided.decided_by, decided.decided_at, decided.entry)
    if (item.status, item.decided_by, item.decided_at, item.entry_id) != left:
        _stale(item)
    before = _state(item)
    removed = None
    if decided.entry is not None:
        removed = _removable(session, item, decided)
        before["entry"] = removed
    # One conditional UPDATE reopens the item, as `_take` decides it: a decision made
    # meanwhile (by anyone) is not thrown away.
    reopened = session.execute(
        update(ReviewItem)
        .where(
            ReviewItem.id == decided.id,
            ReviewItem.status == decided.status,
            ReviewItem.decided_by == decided.decided_by,
            ReviewItem.decided_at == decided.decided_at,
        )
        .values(
            status="open",
            decided_by=None,
            decided_at=None,
            entry_id=None,
            team_id=decided.team_id,
            indicator_id=decided.indicator_id,
            value=decided.value,
        ),
        execution_options={"synchronize_session": False},
    )
    if cast(CursorResult[Any], reopened).rowcount != 1:
        _stale(session.get_one(ReviewItem, decided.id, populate_existing=True))
    session.refresh(item)
    if removed is not None:
        _remove_entry(session, decided)
    audit.record(session, officer, "undo", "review_item", str(item.id), before, _state(item))


def _stale(item: ReviewItem) -> NoReturn:
    """Decided again (or reopened) since: undoing would throw that decision away."""
    by = item.decided_by or "–"
    raise UndoRefused("undo.review_stale", item=item.id, status=item.status, by=by)


def _removable(session: Session, item: ReviewItem, decided: DecidedItem) -> dict[str, Any]:
    """The entry the accept counted, while it still counts as the accept left it and its
    month is not approved: what the undo's audit entry keeps of it."""
    entry = session.get(ReportEntry, decided.entry)
    if (
        entry is None
        or entry.superseded_by_id is not None
        or entry.message_id != item.message_id
        or (entry.team_id, entry.indicator_id, entry.value)
        != (item.team_id, item.indicator_id, item.value)
    ):
        raise UndoRefused("undo.review_entry", item=decided.id, entry=decided.entry)
    month = Period.month_of(entry.local_date)
    if approval_of(session, entry.team_id, str(month)) is not None:
        raise UndoRefused(
            "undo.review_approved", item=decided.id, team=entry.team.code, month=month
        )
    return {
        "id": entry.id,
        "team": entry.team.code,
        "indicator": entry.indicator.code,
        "value": entry.value,
        "date": entry.local_date.isoformat(),
    }


def _remove_entry(session: Session, decided: DecidedItem) -> None:
    """Remove the entry, and work the month's stated totals out again without it."""
    entry = session.get_one(ReportEntry, decided.entry)
    key = key_of(entry.team_id, entry.indicator_id, entry.local_date)
    session.delete(entry)
    session.flush()
    # Taking a count away lowers no later stated total below what came before it, unless
    # entries came since (then they are what the officer decides on, not an undo).
    lowered = Ledger(session).settle(key)
    if lowered:
        raise UndoRefused("undo.review_lowers", item=decided.id, count=len(lowered))


def _team_code(session: Session, team_id: int | None) -> str | None:
    if team_id is None:
        return None
    return session.scalar(select(Team.code).where(Team.id == team_id))


def _state(item: ReviewItem) -> dict[str, Any]:
    """As the decisions audit an item (tracker.review)."""
    return item_state(item) | {"entry": item.entry_id}
