"""The review inbox: what the tracker would not count on its own, and officers' decisions.

The CLI (`tracker review`) and the terminal UI share these functions. Every decision
writes an audit entry; an accepted item becomes an entry linked to its message and to
the officer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, exists, select, update
from sqlalchemy.orm import Session, selectinload

from tracker import audit
from tracker.clock import local_date, utcnow
from tracker.errors import Refusal
from tracker.hierarchy import find_indicator, find_team
from tracker.monthly.after_approval import hold_for_approval, note_change
from tracker.registration import ATTEMPT, Linked, link_account
from tracker.reports.bounds import fixed_bound
from tracker.reports.supersede import demote
from tracker.reports.totals import Ledger, key_of
from tracker.store.models import (
    InboundMessage,
    Member,
    MessageStatus,
    ReportEntry,
    ReviewItem,
    Team,
)
from tracker.text import fold

STATUSES = ("open", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: int
    status: str
    reason: str
    text: str
    team: str | None
    indicator: str | None
    value: int | None
    channel: str
    chat_id: str
    sender_id: str | None
    sender_name: str | None
    sent_at: datetime
    message: int  # the journal row
    decided_by: str | None
    entry: int | None
    team_name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        document = asdict(self)
        document["sent_at"] = self.sent_at.isoformat()
        document["local_date"] = local_date(self.sent_at).isoformat()
        return document


def list_items(session: Session, status: str = "open") -> list[ReviewRow]:
    """Items with `status` (or every item for "all"), oldest message first."""
    query = (
        select(ReviewItem)
        .join(ReviewItem.message)
        .options(
            selectinload(ReviewItem.message),
            selectinload(ReviewItem.team),
            selectinload(ReviewItem.indicator),
        )
        .order_by(InboundMessage.sent_at, ReviewItem.id)
    )
    if status != "all":
        query = query.where(ReviewItem.status == status)
    return [_row(item) for item in session.scalars(query)]


def accept(
    session: Session,
    item_id: int,
    *,
    officer: str,
    team: str | None = None,
    indicator: str | None = None,
    value: int | None = None,
) -> ReportEntry | None:
    """Count the item: the officer supplies or corrects the team, indicator and value.

    The value is the count to add (a correction may be negative); the entry carries the
    message's local date and stands for the officer's word. For a team's approved month
    the item is not counted yet: it waits again as `after_approval` (None is returned),
    and accepting it then changes the approved figures (tracker.monthly.after_approval).
    """
    from tracker.officers.service_scope import check_review

    check_review(session, officer, item_id, team, what=f"review accept {item_id}")
    item, before = _take(session, item_id, "accepted", officer)
    team_row = find_team(session, team) if team else item.team
    indicator_row = find_indicator(session, indicator) if indicator else item.indicator
    if value is None and item.reason == "total_lower":
        # The item holds the stated total, not a count to add: the officer must say.
        raise Refusal("review.stated_total", id=item_id)
    value = item.value if value is None else value
    for name, given in (("team", team_row), ("indicator", indicator_row), ("value", value)):
        if given is None:
            raise Refusal("review.missing", id=item_id, field=name, flag=name)
    assert team_row is not None and indicator_row is not None and value is not None
    # The officer's word is bounded like a report (a correction may be negative): a number
    # typed by mistake, or the one a sender typed, must not reach the sums.
    bound = fixed_bound(indicator_row.max_per_report)
    if abs(value) > bound:
        raise Refusal(
            "review.too_large", id=item_id, value=value, indicator=indicator_row.code, bound=bound
        )
    message = item.message
    if hold_for_approval(session, officer, item, team_row, indicator_row, value, before):
        return None
    entry = ReportEntry(
        team=team_row,
        indicator=indicator_row,
        local_date=local_date(message.sent_at),
        value=value,
        sent_at=message.sent_at,
        message_id=message.id,
        officer=officer,
    )
    session.add(entry)
    item.team, item.indicator, item.value = team_row, indicator_row, value
    session.flush()
    item.entry_id = entry.id
    # An entry sent before later stated totals of that month changes what they added.
    key = key_of(team_row.id, indicator_row.id, entry.local_date)
    ledger = Ledger(session)
    demote(session, ledger, key, ledger.settle(key), message.id)
    _close_message(session, message)
    _audit(session, officer, "accept", item, before)
    note_change(session, officer, item, entry)  # an approved month: the audit names it
    return entry


def reject(
    session: Session, item_id: int, *, officer: str, reason: str | None = None
) -> ReviewItem:
    from tracker.officers.service_scope import check_review

    check_review(session, officer, item_id, None, what=f"review reject {item_id}")
    item, before = _take(session, item_id, "rejected", officer)
    session.flush()
    _close_message(session, item.message, reason)
    _audit(session, officer, "reject", item, before, reason)
    return item


def link_sender(session: Session, item_id: int, *, team: str, member: str, officer: str) -> Linked:
    """The item's sender is `member` of `team`: link their account on the item's channel
    and take up every report they sent while unknown (tracker.registration).

    Names an existing member, never adds one; `member` is matched without regard to case
    or diacritics. The item itself is closed with the others of the sender, or, when it
    is not one of theirs (a registration request), here.
    """
    from tracker.officers.service_scope import check_review

    check_review(session, officer, item_id, team, what=f"review link {item_id}")
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise Refusal("review.unknown", id=item_id)
    if item.status != "open":
        raise Refusal("review.closed", id=item_id, status=item.status)
    message = item.message
    if not message.sender_id:
        raise Refusal("review.no_sender", id=item_id)
    chosen = _member_named(find_team(session, team), member)
    taken = chosen.account(message.channel)
    if taken is not None and taken != message.sender_id:
        raise Refusal(
            "review.member_linked", name=chosen.name, team=chosen.team.code, channel=message.channel
        )
    linked = link_account(session, chosen, message.channel, message.sender_id, by=officer)
    session.refresh(item)
    if item.status == "open":
        before = item_state(item)
        item.status, item.decided_by, item.decided_at = "accepted", officer, utcnow()
        item.team = chosen.team
        session.flush()
        if message.status == MessageStatus.REVIEW and not _waiting(session, message):
            message.status, message.reason = MessageStatus.COUNTED, f"{ATTEMPT} linked by officer"
        _audit(session, officer, "link", item, before)
    return linked


def _member_named(team: Team, name: str) -> Member:
    wanted = fold(" ".join(name.split()))
    found = [m for m in team.members if fold(m.name) == wanted]
    if not found:
        raise Refusal("review.no_member", team=team.code, name=name)
    if len(found) > 1:
        names = ", ".join(m.name for m in found)
        raise Refusal("review.two_members", team=team.code, name=name, names=names)
    return found[0]


def _take(
    session: Session, item_id: int, status: str, officer: str
) -> tuple[ReviewItem, dict[str, Any]]:
    """Decide an open item, and its state before; refuse an item that is not open.

    One conditional UPDATE decides, so that of two officers (or two `tracker review`
    processes) deciding the same item at once, exactly one does: PostgreSQL makes the
    second wait for the first and then finds the item no longer open, and on SQLite the
    write, being the transaction's first statement, waits for the other writer before it
    reads anything. Whatever the decision then refuses rolls the whole transaction back.
    """
    decided = session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.status == "open")
        .values(status=status, decided_by=officer, decided_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    item = session.get(ReviewItem, item_id, populate_existing=True)
    if item is None:
        raise Refusal("review.unknown", id=item_id)
    if cast(CursorResult[Any], decided).rowcount != 1:
        raise Refusal("review.closed", id=item_id, status=item.status)
    return item, item_state(item) | {"status": "open"}


def _waiting(session: Session, message: InboundMessage) -> bool:
    query = exists().where(ReviewItem.message_id == message.id, ReviewItem.status == "open")
    return bool(session.scalar(select(query)))


def _close_message(session: Session, message: InboundMessage, reason: str | None = None) -> None:
    """Once nothing of the message waits for review it is counted, or ignored if nothing of
    it counts (everything rejected)."""
    if message.status != MessageStatus.REVIEW:
        return
    waiting = session.scalar(
        select(exists().where(ReviewItem.message_id == message.id, ReviewItem.status == "open"))
    )
    if waiting:
        return
    counts = session.scalar(
        select(
            exists().where(
                ReportEntry.message_id == message.id, ReportEntry.superseded_by_id.is_(None)
            )
        )
    )
    if counts:
        message.status, message.reason = MessageStatus.COUNTED, None
    else:
        message.status = MessageStatus.IGNORED
        message.reason = "rejected in review" + (f": {reason}" if reason else "")


def item_state(item: ReviewItem) -> dict[str, Any]:
    """An item as the audit log shows it (its decision's entry is added after)."""
    return {
        "status": item.status,
        "team": item.team.code if item.team else None,
        "indicator": item.indicator.code if item.indicator else None,
        "value": item.value,
    }


def _audit(
    session: Session,
    officer: str,
    action: str,
    item: ReviewItem,
    before: dict[str, Any],
    reason: str | None = None,
) -> None:
    after = item_state(item) | {"entry": item.entry_id}
    if reason:
        after["reason"] = reason
    audit.record(session, officer, action, "review_item", str(item.id), before, after)


def _row(item: ReviewItem) -> ReviewRow:
    message = item.message
    return ReviewRow(
        id=item.id,
        status=item.status,
        reason=item.reason,
        text=item.text,
        team=item.team.code if item.team else None,
        team_name=item.team.name if item.team else None,
        indicator=item.indicator.code if item.indicator else None,
        value=item.value,
        channel=message.channel,
        chat_id=message.chat_id,
        sender_id=message.sender_id,
        sender_name=message.sender_name,
        sent_at=message.sent_at,
        message=message.id,
        decided_by=item.decided_by,
        entry=item.entry_id,
    )
