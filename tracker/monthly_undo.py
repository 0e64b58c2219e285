"""Undoing the monthly reports screen's last decision: an approve or a return of a team's
report for a month.

The screen decides through `decide`, which keeps the decision as it found it (none: the
report reads as sent; or the earlier approve or return, with its officer, time and
reason) and as it left it. `undo_decision` puts the earlier one back (removing the row
when there was none), with an `undo` audit entry; the decision stays in the log. An
approve writes nothing else (its figures are read from the entries, which it does not
touch); a return also queued its reason to the team's chat, and its undo takes those
notices back out of the outbox while they are all still waiting to be sent.

Nothing is undone when the decision is no longer what it left (another officer decided
again, the team sent its returned report again), for an approve on which after-approval
items now rest (items of that month waiting as after approval, or accepted since: they
were held, or counted as changes to approved figures, because of it), nor for a return
whose notice went out (the team has read it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn, TypeVar, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from tracker import audit
from tracker.clock import local_date
from tracker.errors import UserError
from tracker.hierarchy import find_team
from tracker.monthly.after_approval import AFTER_APPROVAL
from tracker.monthly.decisions import (
    APPROVED,
    decision_of,
    decision_state,
    return_notices,
)
from tracker.officers.service_scope import check_team
from tracker.periods import Period
from tracker.store.models import InboundMessage, MonthlyDecision, ReviewItem
from tracker.sync.outbox import withdraw
from tracker.undo import UndoRefused

T = TypeVar("T")

# A decision as it stands: status, officer, time, reason; None for no decision (sent).
Held = tuple[str, str, datetime, str | None] | None


@dataclass(frozen=True, slots=True)
class MonthlyChange:
    """What one approve or return of the monthly reports screen did."""

    action: str  # approve, return
    team: str  # the team's code
    month: str  # 2026-11
    before: Held
    after: Held
    notices: tuple[str, ...] = ()  # outbox keys a return queued

    @property
    def key(self) -> str:
        return f"{self.team}/{self.month}"


def _held(decision: MonthlyDecision | None) -> Held:
    if decision is None:
        return None
    return (decision.status, decision.decided_by, decision.decided_at, decision.reason)


def decide(
    session: Session, action: str, team_code: str, month: Period, decision: Callable[[], T]
) -> tuple[T, MonthlyChange]:
    """Run `decision` (approve or return of this team's month, in the caller's
    transaction) and keep what undoing it needs."""
    team = find_team(session, team_code)
    before = _held(decision_of(session, team.id, str(month)))
    result = decision()
    session.flush()
    now = decision_of(session, team.id, str(month))
    after = _held(now)
    notices: tuple[str, ...] = ()
    if now is not None and now.status != APPROVED:
        notices = tuple(sorted(return_notices(session, team.code, str(month), now.decided_at)))
    return result, MonthlyChange(action, team.code, str(month), before, after, notices)


def undo_decision(session: Session, change: MonthlyChange, officer: str) -> None:
    """Put back the decision `change` found, in the caller's transaction."""
    try:
        team = find_team(session, change.team)
    except UserError:
        raise UndoRefused("undo.gone", item=change.key) from None
    check_team(session, officer, "decide", team, what=f"monthly undo {change.key}")
    row = decision_of(session, team.id, change.month)
    if row is not None:
        session.refresh(row)
    if row is None or _held(row) != change.after:
        _stale(row, change)
    before = decision_state(row)
    if change.after is not None and change.after[0] == APPROVED:
        resting = _resting_on(session, team.id, Period.parse(change.month), row.decided_at)
        if resting:
            raise UndoRefused("undo.monthly_held", item=change.key, count=resting)
    gone = withdraw(session, change.notices)
    if gone is not None:
        raise UndoRefused("undo.monthly_told", item=change.key, status=gone[1])
    _put_back(session, row, change)
    after = {"status": "sent"} if change.before is None else decision_state(row)
    if change.notices:
        before["messages"] = len(change.notices)  # taken out of the outbox unsent
    audit.record(session, officer, "undo", "monthly_report", change.key, before, after)


def _put_back(session: Session, row: MonthlyDecision, change: MonthlyChange) -> None:
    """One conditional statement, so that a decision made meanwhile is not thrown away."""
    assert change.after is not None
    status, by, at, _ = change.after
    same = (
        MonthlyDecision.id == row.id,
        MonthlyDecision.status == status,
        MonthlyDecision.decided_by == by,
        MonthlyDecision.decided_at == at,
    )
    if change.before is None:
        statement: Any = delete(MonthlyDecision).where(*same)
    else:
        was_status, was_by, was_at, was_reason = change.before
        statement = (
            update(MonthlyDecision)
            .where(*same)
            .values(status=was_status, decided_by=was_by, decided_at=was_at, reason=was_reason)
        )
    done = session.execute(statement, execution_options={"synchronize_session": False})
    if cast(CursorResult[Any], done).rowcount != 1:
        session.expire(row)
        _stale(decision_of(session, row.team_id, change.month), change)
    if change.before is None:
        session.expunge(row)
    else:
        session.refresh(row)


def _stale(row: MonthlyDecision | None, change: MonthlyChange) -> NoReturn:
    """Decided again since (or sent again after a return): undoing would throw that away."""
    status, by = (row.status, row.decided_by) if row is not None else ("sent", "–")
    raise UndoRefused("undo.monthly_stale", item=change.key, status=status, by=by)


def _resting_on(session: Session, team_id: int, month: Period, approved_at: datetime) -> int:
    """After-approval items of the team's month that wait, or were accepted since the
    approval: held, or counted as changes to the approved figures, because of it."""
    rows = session.execute(
        select(ReviewItem.status, ReviewItem.decided_at, InboundMessage.sent_at)
        .join(InboundMessage, InboundMessage.id == ReviewItem.message_id)
        .where(ReviewItem.team_id == team_id, ReviewItem.reason == AFTER_APPROVAL)
    )
    return sum(
        month.start <= local_date(sent_at) <= month.end
        and (
            status == "open"
            or (status == "accepted" and (decided_at or approved_at) >= approved_at)
        )
        for status, decided_at, sent_at in rows
    )
