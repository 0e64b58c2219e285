"""Approved months stay put: what would change a team's figures for an approved month waits
in the review inbox as "after approval" (sau khi đã duyệt), and accepting it changes the
approved figures with an audit entry that names the approval it reopens.

A late report's items wait as they are; so does an ordinary review item that an officer
accepts for an approved month (it waits once more, now marked after approval). An edit of
an earlier report waits as the change it makes, per indicator (new minus what the earlier
versions counted), so that accepting it adds the difference and the earlier entries keep
counting until then.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tracker import audit
from tracker.clock import local_date, utcnow
from tracker.monthly.decisions import approval_of, month_figures
from tracker.monthly.strings import TEXT, month_label
from tracker.periods import Period
from tracker.reports.language import Parsed, ProgressReport
from tracker.reports.outcome import Message, Outcome, Review, add_reviews, outcome_of
from tracker.reports.supersede import EDIT_ACTOR
from tracker.reports.teams import Directory
from tracker.reports.totals import Ledger, key_of
from tracker.store.models import (
    Indicator,
    MessageStatus,
    ReportEntry,
    ReviewItem,
    Team,
)

AFTER_APPROVAL = "after_approval"


class Approvals:
    """Which team-months are approved, read once per team and month during a batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._known: dict[tuple[int, str], bool] = {}

    def prefetch(self, pairs: set[tuple[int, date]]) -> None:
        """Read which of these (team, day's month) pairs are approved with one query: a
        statement per progress report was a third of an import's time (issue 18)."""
        wanted = {(team, str(Period.month_of(day))) for team, day in pairs}
        wanted -= set(self._known)
        if not wanted:
            return
        from tracker.monthly.decisions import APPROVED
        from tracker.store.models import MonthlyDecision

        found = {
            (team, month)
            for team, month in self.session.execute(
                select(MonthlyDecision.team_id, MonthlyDecision.month).where(
                    MonthlyDecision.team_id.in_({team for team, _ in wanted}),
                    MonthlyDecision.month.in_({month for _, month in wanted}),
                    MonthlyDecision.status == APPROVED,
                )
            )
        }
        for key in wanted:
            self._known[key] = key in found

    def approved(self, team_id: int, day: date) -> bool:
        month = str(Period.month_of(day))
        key = (team_id, month)
        if key not in self._known:
            self._known[key] = approval_of(self.session, team_id, month) is not None
        return self._known[key]


def hold_report(
    session: Session,
    directory: Directory,
    ledger: Ledger,
    row: Message,
    report: ProgressReport,
    team_id: int,
    language: str | None,
) -> Outcome:
    """A progress report for an approved month: every item waits for an officer."""
    reviews = []
    for item in report.items:
        info = directory.indicators[item.indicator]
        earlier = ledger.earlier(key_of(team_id, info.id, row.day), row.sent_at)
        value = item.value - earlier if item.total else item.value
        reviews.append(Review(AFTER_APPROVAL, item.text, team_id, info.id, value))
    reviews += _problems(directory, report, team_id)
    add_reviews(session, row.id, reviews)
    return outcome_of(reviews, 0, _reply(directory, team_id, row, language))


def hold_edit(
    session: Session,
    directory: Directory,
    ledger: Ledger,
    older: list[int],
    row: Message,
    result: Parsed,
    team_id: int,
    language: str | None,
    words: str,
) -> Outcome:
    """An edit of a report of an approved month: the earlier versions keep counting; the
    change per indicator waits for an officer, described in `words` (a language)."""
    counted = dict(
        session.execute(
            select(ReportEntry.indicator_id, func.sum(ReportEntry.value))
            .where(ReportEntry.message_id.in_(older), ReportEntry.superseded_by_id.is_(None))
            .group_by(ReportEntry.indicator_id)
        ).all()
    )
    # What waited for review in an earlier version is replaced by this one.
    session.execute(
        update(ReviewItem)
        .where(ReviewItem.message_id.in_(older), ReviewItem.status == "open")
        .values(status="rejected", decided_by=EDIT_ACTOR, decided_at=utcnow())
    )
    said: dict[int, int] = {}
    if isinstance(result, ProgressReport):
        for item in result.items:
            info = directory.indicators[item.indicator]
            earlier = ledger.earlier(key_of(team_id, info.id, row.day), row.sent_at)
            said[info.id] = said.get(info.id, 0) + (
                item.value - earlier if item.total else item.value
            )
    codes = {info.id: info.code for info in directory.indicators.values()}
    reviews = []
    for indicator_id in sorted(set(counted) | set(said)):
        old, new = int(counted.get(indicator_id) or 0), said.get(indicator_id, 0)
        if new != old:
            text = TEXT(
                words,
                "edit",
                indicator=codes.get(indicator_id, indicator_id),
                old=old,
                new=new,
            )
            reviews.append(Review(AFTER_APPROVAL, text, team_id, indicator_id, new - old))
    if isinstance(result, ProgressReport):
        reviews += _problems(directory, result, team_id)
    if not reviews:
        return Outcome(MessageStatus.IGNORED, "an edit after approval that changes no figure")
    add_reviews(session, row.id, reviews)
    return outcome_of(reviews, 0, _reply(directory, team_id, row, language))


def hold_for_approval(
    session: Session,
    officer: str,
    item: ReviewItem,
    team: Team,
    indicator: Indicator,
    value: int,
    before: dict[str, Any],
) -> bool:
    """An officer accepts an ordinary review item of a team's approved month: it is not
    counted but waits again, marked after approval, holding what the officer gave."""
    if item.reason == AFTER_APPROVAL:
        return False
    day = local_date(item.message.sent_at)
    month = Period.month_of(day)
    approval = approval_of(session, team.id, str(month))
    if approval is None:
        return False
    item.status, item.decided_by, item.decided_at = "open", None, None
    item.reason = AFTER_APPROVAL
    item.team, item.indicator, item.value = team, indicator, value
    session.flush()
    audit.record(
        session,
        officer,
        "hold",
        "review_item",
        str(item.id),
        before,
        {
            "status": "open",
            "reason": AFTER_APPROVAL,
            "team": team.code,
            "indicator": indicator.code,
            "value": value,
            "approval": approval.id,
        },
    )
    return True


def note_change(session: Session, officer: str, item: ReviewItem, entry: ReportEntry) -> None:
    """An accepted review item that changes an approved month: the audit names the approval."""
    month = Period.month_of(entry.local_date)
    approval = approval_of(session, entry.team_id, str(month))
    if approval is None:
        return
    team = session.get(Team, entry.team_id)
    after = month_figures(session, entry.team_id, month)
    code = item.indicator.code if item.indicator is not None else str(entry.indicator_id)
    before = dict(after)
    before[code] = before.get(code, 0) - entry.value
    reopens: dict[str, Any] = {
        "approval": approval.id,
        "approved_by": approval.decided_by,
        "approved_at": approval.decided_at.isoformat(),
    }
    audit.record(
        session,
        officer,
        "change_approved",
        "monthly_report",
        f"{team.code if team else entry.team_id}/{month}",
        reopens | {"figures": before},
        {"figures": after, "review_item": item.id, "entry": entry.id},
    )


def _problems(directory: Directory, report: ProgressReport, team_id: int) -> list[Review]:
    found = []
    for problem in report.review:
        info = directory.indicators.get(problem.indicator or "")
        found.append(
            Review(problem.reason, problem.text, team_id, info.id if info else None, problem.value)
        )
    return found


def _reply(directory: Directory, team_id: int, row: Message, language: str | None) -> str | None:
    if language is None:
        return None
    month = month_label(str(Period.month_of(row.day)))
    return TEXT(language, "after_approval", month=month, team=directory.team(team_id).name)
