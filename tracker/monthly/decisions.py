"""Officers' decisions on a team's monthly report: approve it, or return it with a reason that
reaches the team's chat. Every decision is in the audit log.

Who may decide: an officer whose scope holds every unit of the team (checked here, for the
CLI and the terminal UI alike); a store with no accounts lets anyone decide, as before.
The decision records who made it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.clock import utcnow
from tracker.errors import Refusal
from tracker.hierarchy import find_team
from tracker.messages import Outbound
from tracker.monthly.strings import TEXT, month_label
from tracker.officers.service_scope import check_team
from tracker.periods import Period
from tracker.store.models import (
    Chat,
    Indicator,
    Member,
    MemberAccount,
    MonthlyDecision,
    MonthlyReport,
    OutboxMessage,
    ReportEntry,
    Team,
)
from tracker.sync.outbox import queue

APPROVED, RETURNED = "approved", "returned"


def parse_month(text: str) -> Period:
    period = Period.parse(text)
    if period.kind != "month":
        raise Refusal("monthly.not_month", text=text)
    return period


def decision_of(session: Session, team_id: int, month: str) -> MonthlyDecision | None:
    return session.scalar(
        select(MonthlyDecision).where(
            MonthlyDecision.team_id == team_id, MonthlyDecision.month == month
        )
    )


def approval_of(session: Session, team_id: int, month: str) -> MonthlyDecision | None:
    decision = decision_of(session, team_id, month)
    return decision if decision is not None and decision.status == APPROVED else None


def approve(session: Session, team_code: str, month: Period, *, officer: str) -> MonthlyDecision:
    """Approve a team's report for `month`: its figures stay put from now on."""
    team, decision, before = _decide(session, team_code, month, APPROVED, officer)
    _audit(session, officer, "approve", team, str(month), before, decision)
    return decision


def return_report(
    session: Session, team_code: str, month: Period, *, officer: str, reason: str, language: str
) -> tuple[MonthlyDecision, list[Outbound]]:
    """Send a team's report back with `reason`; the reason is queued to the team's chat (or
    its leader's private chat). Returns the decision and what was queued."""
    reason = " ".join(reason.split())
    if not reason:
        raise Refusal("monthly.needs_reason")
    team, decision, before = _decide(session, team_code, month, RETURNED, officer, reason)
    label = month_label(str(month))
    text = TEXT(language, "returned", month=label, team=team.name, reason=reason)
    first = _return_key(team.code, str(month), decision.decided_at)
    messages = [
        Outbound(chat[0], chat[1], text, f"{first}:{n}", "notice")
        for n, chat in enumerate(team_chats(session, team))
    ]
    queue(session, messages)
    _audit(session, officer, "return", team, str(month), before, decision, len(messages))
    return decision, messages


def _return_key(team_code: str, month: str, decided_at: datetime) -> str:
    return f"monthly-return:{team_code}:{month}:{decided_at:%Y%m%dT%H%M%S}"


def return_notices(session: Session, team_code: str, month: str, decided_at: datetime) -> set[str]:
    """The outbox keys of the notices a return decided at `decided_at` queued."""
    prefix = _return_key(team_code, month, decided_at)
    key = OutboxMessage.idempotency_key
    return set(session.scalars(select(key).where(key.startswith(f"{prefix}:", autoescape=True))))


def resubmitted(session: Session, team_id: int, month: str, actor: str) -> None:
    """A returned report sent again reads as sent once more: its decision is removed."""
    decision = decision_of(session, team_id, month)
    if decision is None or decision.status != RETURNED:
        return
    before = decision_state(decision)
    team = session.get(Team, team_id)
    session.execute(delete(MonthlyDecision).where(MonthlyDecision.id == decision.id))
    key = f"{team.code if team else team_id}/{month}"
    audit.record(session, actor, "resubmit", "monthly_report", key, before, {"status": "sent"})


def month_figures(session: Session, team_id: int, month: Period) -> dict[str, int]:
    """What the team has counted in `month`, by indicator code, as the audit keeps it."""
    rows = session.execute(
        select(Indicator.code, ReportEntry.value)
        .join(Indicator, Indicator.id == ReportEntry.indicator_id)
        .where(
            ReportEntry.team_id == team_id,
            ReportEntry.superseded_by_id.is_(None),
            ReportEntry.local_date.between(month.start, month.end),
        )
    )
    figures: dict[str, int] = {}
    for code, value in rows:
        figures[code] = figures.get(code, 0) + int(value)
    return dict(sorted(figures.items()))


def _decide(
    session: Session,
    team_code: str,
    month: Period,
    status: str,
    officer: str,
    reason: str | None = None,
) -> tuple[Team, MonthlyDecision, dict[str, Any]]:
    team = find_team(session, team_code)
    verb = "approve" if status == APPROVED else "return"
    check_team(session, officer, "decide", team, what=f"monthly {verb} {team.code} {month}")
    reported = session.scalar(
        select(MonthlyReport.id).where(
            MonthlyReport.team_id == team.id, MonthlyReport.month == str(month)
        )
    )
    if reported is None:
        raise Refusal("monthly.not_reported", team=team.code, month=str(month))
    decision = decision_of(session, team.id, str(month))
    if decision is not None and decision.status == status:
        raise Refusal(f"monthly.already_{status}", team=team.code, month=str(month))
    before = decision_state(decision) if decision is not None else {"status": "sent"}
    if decision is None:
        decision = MonthlyDecision(team_id=team.id, month=str(month))
        session.add(decision)
    decision.status, decision.decided_by, decision.reason = status, officer, reason
    decision.decided_at = utcnow()
    if status == APPROVED:
        decision.reason = None
    session.flush()
    return team, decision, before


def team_chats(session: Session, team: Team) -> list[tuple[str, str]]:
    """The team's active group chats; else its leader's private chat with the bot."""
    chats = [
        (chat.channel, chat.chat_id)
        for chat in session.scalars(
            select(Chat).where(Chat.team_id == team.id, Chat.active.is_(True)).order_by(Chat.id)
        )
    ]
    if chats:
        return chats
    accounts = session.scalars(
        select(MemberAccount)
        .join(Member, Member.id == MemberAccount.member_id)
        .where(Member.team_id == team.id, Member.role == "leader")
        .order_by(MemberAccount.id)
    )
    for account in accounts:
        private = account.private_chat_id or (
            account.user_id if account.channel == "telegram" else None
        )
        if private:
            return [(account.channel, private)]
    return []


def decision_state(decision: MonthlyDecision) -> dict[str, Any]:
    return {
        "decision": decision.id,
        "status": decision.status,
        "decided_by": decision.decided_by,
        "decided_at": _iso(decision.decided_at),
        "reason": decision.reason,
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _audit(
    session: Session,
    officer: str,
    action: str,
    team: Team,
    month: str,
    before: dict[str, Any],
    decision: MonthlyDecision,
    messages: int = 0,
) -> None:
    after = decision_state(decision)
    if action == "approve":
        after["figures"] = month_figures(session, team.id, Period.parse(month))
    else:
        after["messages"] = messages
    audit.record(session, officer, action, "monthly_report", f"{team.code}/{month}", before, after)
