"""Monthly reports (`/bcthang`) and task completions (`/xong CODE`) from chat.

Both are measured against a deadline, so both keep the EARLIEST submission whatever
order messages arrive in; a later message (or an edit) only updates the text.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.deadlines import ReportState, TaskState, report_deadline, report_state, task_state
from tracker.monthly.decisions import approval_of, resubmitted
from tracker.monthly.strings import TEXT as MONTHLY_TEXT
from tracker.periods import Period
from tracker.reports.language import MonthlyReport, TaskDone
from tracker.reports.outcome import Message, Outcome, Review, add_reviews, outcome_of
from tracker.reports.replies import TEXT, deadline_reply, unresolved_line
from tracker.reports.teams import Directory, Unresolved
from tracker.store.models import InboundMessage, MessageStatus, Task, TaskAssignment
from tracker.store.models import MonthlyReport as MonthlyRow
from tracker.tasks import complete

# Who the audit names when a returned report is sent again: the team, through its chat.
RESUBMIT_ACTOR = "tracker (/bcthang sent again)"


def record_monthly(
    session: Session,
    directory: Directory,
    settings: Settings,
    row: Message,
    report: MonthlyReport,
    language: str | None = None,
) -> Outcome:
    language = language or settings.language
    team_id = directory.team_of(row.channel, row.chat_id, row.sender_id, row.named_team)
    if isinstance(team_id, Unresolved):
        return _unresolved(session, directory, row, team_id, language, "/bcthang")
    team = directory.team(team_id)
    period = _month(report, row.day)
    totals = {item.indicator: {"value": item.value, "total": item.total} for item in report.items}
    existing = session.scalar(
        select(MonthlyRow).where(MonthlyRow.team_id == team_id, MonthlyRow.month == str(period))
    )
    approved = approval_of(session, team_id, str(period))
    if existing is not None and approved is not None:
        # An approved month stays put: the report sent again does not replace it.
        label = f"{period.start.month:02d}/{period.start.year}"
        reply = MONTHLY_TEXT(language, "monthly_approved", month=label, team=team.name)
        return Outcome(MessageStatus.IGNORED, "month already approved", reply)
    resubmitted(session, team_id, str(period), RESUBMIT_ACTOR)
    if existing is None:
        existing = MonthlyRow(team_id=team_id, month=str(period), submitted_at=row.sent_at)
        session.add(existing)
        newest = True
    else:
        existing.submitted_at = min(existing.submitted_at, row.sent_at)
        text_sent = session.scalar(
            select(InboundMessage.sent_at).where(InboundMessage.id == existing.message_id)
        )
        newest = text_sent is None or row.sent_at >= text_sent
    if newest:
        existing.message_id = row.id
        existing.difficulties = report.difficulties
        existing.proposals = report.proposals
        existing.good_practices = report.good_practices
        existing.totals = totals
    deadline = report_deadline(team.level, period, settings.deadlines)
    state = report_state(deadline, existing.submitted_at, row.day)
    reply = deadline_reply(
        language,
        "monthly",
        team=team.name,
        on_time=state is ReportState.ON_TIME,
        due=deadline,
        month=f"{period.start.month:02d}/{period.start.year}",
    )
    return outcome_of([], 0, reply)


def record_task_done(
    session: Session, directory: Directory, row: Message, done: TaskDone, language: str
) -> Outcome:
    team_id = directory.team_of(row.channel, row.chat_id, row.sender_id, row.named_team)
    if isinstance(team_id, Unresolved):
        return _unresolved(session, directory, row, team_id, language)
    team = directory.team(team_id)
    task = session.scalar(select(Task).where(func.upper(Task.code) == done.code.upper()))
    assignment = (
        session.scalar(
            select(TaskAssignment).where(
                TaskAssignment.task_id == task.id, TaskAssignment.team_id == team_id
            )
        )
        if task is not None
        else None
    )
    if task is None or assignment is None:
        reason = "unknown_task" if task is None else "task_not_assigned"
        add_reviews(session, row.id, [Review(reason, row.text, team_id)])
        reply = TEXT(language, reason, task=done.code, team=team.name)
        return outcome_of([Review(reason, row.text)], 0, reply)
    complete(assignment, row.sent_at, done.note, row.id)
    state = task_state(task.due, assignment.done_at, row.day)
    reply = deadline_reply(
        language,
        "task_done",
        team=team.name,
        on_time=state is TaskState.DONE_ON_TIME,
        due=task.due,
        task=task.code,
    )
    return outcome_of([], 0, reply)


def _unresolved(
    session: Session,
    directory: Directory,
    row: Message,
    why: Unresolved,
    language: str,
    keyword: str | None = None,
) -> Outcome:
    suggested = (
        directory.chat_team(row.channel, row.chat_id) if why is Unresolved.UNKNOWN_SENDER else None
    )
    review = Review(why.value, row.text, suggested)
    add_reviews(session, row.id, [review])
    # A monthly report can name its team (language/teamname.py); a task done cannot.
    teams = directory.sender_team_labels(row.channel, row.sender_id) if keyword else []
    return outcome_of([review], 0, unresolved_line(language, why.value, teams, keyword or ""))


def _month(report: MonthlyReport, sent: date) -> Period:
    """The month the report names, else the month it was sent in. A month named without a
    year that lies after the sending month is last year's (December's report in January)."""
    if report.month is None:
        return Period.month_of(sent)
    year = report.year
    if year is None:
        year = sent.year if report.month <= sent.month else sent.year - 1
    return Period.month(year, report.month)
