"""A progress report (`/bc ...`): counted entries for the sender's team, or review items."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.periods import Period
from tracker.reports.language import Item, ProgressReport
from tracker.reports.outcome import Message, Outcome, Pending, Review, outcome_of
from tracker.reports.replies import Counted, Held, report_reply
from tracker.reports.supersede import demote
from tracker.reports.teams import Directory, IndicatorInfo, Unresolved
from tracker.reports.totals import Ledger, Line, key_of
from tracker.store.models import ReportEntry


def record_progress(
    session: Session,
    directory: Directory,
    ledger: Ledger,
    pending: Pending,
    row: Message,
    report: ProgressReport,
    language: str | None,
) -> Outcome:
    """Count what can be counted; `language` None means no reply is wanted (and the
    period totals a reply shows are not worked out)."""
    example = next(iter(directory.indicators), "ttdt")
    reviews: list[Review] = []
    held: list[Held] = []
    counted: list[Counted] = []
    entries = 0
    team = directory.team_of(row.channel, row.chat_id, row.sender_id, row.named_team)
    if isinstance(team, Unresolved):
        # Parsed all the same, so that an officer can accept the items with one command.
        suggested = (
            directory.chat_team(row.channel, row.chat_id)
            if team is Unresolved.UNKNOWN_SENDER
            else None
        )
        for item in report.items:
            known = directory.indicators[item.indicator]
            reviews.append(Review(team.value, item.text, suggested, known.id, item.value))
        team_id = suggested
    else:
        team_id = team
        for item in report.items:
            result = _count(session, directory, ledger, pending, row, team, item, language)
            if result is None or isinstance(result, Counted):
                entries += 1
                if result is not None:
                    counted.append(result)
            else:
                review, line = result
                reviews.append(review)
                held.append(line)
    for problem in report.review:
        info = directory.indicators.get(problem.indicator or "")
        reviews.append(
            Review(problem.reason, problem.text, team_id, info.id if info else None, problem.value)
        )
        held.append(Held(problem.text, problem.reason, problem.indicator, problem.value))
    pending.review(row.id, reviews)
    if language is None:
        return outcome_of(reviews, entries, None)
    team_name = directory.team(team).name if isinstance(team, int) else None
    unresolved = team.value if isinstance(team, Unresolved) else None
    teams = directory.sender_team_labels(row.channel, row.sender_id)
    reply = report_reply(language, team_name, counted, held, example, unresolved, teams)
    return outcome_of(reviews, entries, reply)


def _count(
    session: Session,
    directory: Directory,
    ledger: Ledger,
    pending: Pending,
    row: Message,
    team_id: int,
    item: Item,
    language: str | None,
) -> Counted | tuple[Review, Held] | None:
    info = directory.indicators[item.indicator]
    day = row.day
    key = key_of(team_id, info.id, day)
    value = item.value
    if item.total:
        earlier = ledger.earlier(key, row.sent_at)
        value = item.value - earlier
        if value < 0:
            return _hold(item, info, team_id, "total_lower", earlier)
    bound = directory.bound(info, team_id)
    too_big = value > bound
    if item.total and directory.household_bound(info, team_id) is not None:
        too_big = too_big or item.value > bound
    if too_big:
        return _hold(item, info, team_id, "implausible", bound)
    stated = item.value if item.total else None
    entry = {
        "team_id": team_id,
        "indicator_id": info.id,
        "local_date": day,
        "value": value,
        "stated_total": stated,
        "sent_at": row.sent_at,
        "message_id": row.id,
        "officer": None,
        "note": None,
        "superseded_by_id": None,
        "created_at": None,  # set when written
    }
    line = Line(0, row.sent_at, value, stated, row.id, entry)
    pending.entry(line)
    ledger.add(key, line)
    if ledger.later_totals(key, row.sent_at):
        demote(session, ledger, key, ledger.settle(key), row.id)
    if language is None:
        return None
    return Counted(
        info.label,
        value,
        item.value if item.total else None,
        *_achieved(session, directory, ledger, team_id, info, day),
    )


def _hold(
    item: Item, info: IndicatorInfo, team_id: int, reason: str, detail: int
) -> tuple[Review, Held]:
    return (
        Review(reason, item.text, team_id, info.id, item.value),
        Held(item.text, reason, info.code, item.value, detail),
    )


def _achieved(
    session: Session,
    directory: Directory,
    ledger: Ledger,
    team_id: int,
    info: IndicatorInfo,
    day: date,
) -> tuple[int, int | None]:
    """The total so far in the quota's period (the month when there is no quota)."""
    quota = directory.quota(team_id, info.id, day)
    key = key_of(team_id, info.id, day)
    if quota is None:
        return ledger.total(key), None
    if (quota.starts_on, quota.ends_on) == (key[2], Period.month_of(day).end):
        return ledger.total(key), quota.target
    # A quarter or a year: this month from the ledger (it holds the batch's entries not yet
    # written), the other months from the store.
    month = Period.month_of(day)
    others = session.scalar(
        select(func.coalesce(func.sum(ReportEntry.value), 0)).where(
            ReportEntry.team_id == team_id,
            ReportEntry.indicator_id == info.id,
            ReportEntry.superseded_by_id.is_(None),
            ReportEntry.local_date.between(quota.starts_on, quota.ends_on),
            ReportEntry.local_date.not_between(month.start, month.end),
        )
    )
    return int(others or 0) + ledger.total(key), quota.target
