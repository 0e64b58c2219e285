"""Teams as officers change them one at a time: name, code and the units they cover.

The `teams` importer checks a one-row table (units known and of one level, the member cap
of a new level, households behind % quotas) and audits; only a new code is handled here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.config import Settings
from tracker.hierarchy import find_team
from tracker.imports import import_form
from tracker.imports.reading import LIST_SEPARATOR
from tracker.members import member_snapshot
from tracker.store.models import (
    Chat,
    Indicator,
    MonthlyReport,
    Quota,
    ReportEntry,
    Task,
    TaskAssignment,
    Team,
)
from tracker.units import UnitError, refuse_while_chats_bound, settle_code


def save_team(
    session: Session,
    settings: Settings,
    code: str,
    name: str,
    units: Sequence[str],
    actor: str,
    old_code: str | None = None,
    language: str | None = None,
) -> Team:
    """Add a team (old_code None) or change the team now coded `old_code`."""
    code = code.strip()
    settle_code(session, Team, "team", code, old_code, actor)
    cells = {"code": code, "name": name, "units": LIST_SEPARATOR.join(u for u in units if u)}
    import_form(session, "teams", cells, settings, actor, language)
    session.expire_all()
    return find_team(session, code)


def remove_team(session: Session, code: str, actor: str) -> None:
    """Remove a team set up by mistake. Its members, quotas and open task assignments go
    with it and are kept in the audit entry. A team that has reported (counted figures,
    monthly reports, tasks done) stays, so every number leads back to its team; a team
    with bound chats stays until they are unbound, as a unit does."""
    team = find_team(session, code)
    for model, key in ((ReportEntry, "team.has_reports"), (MonthlyReport, "team.has_monthly")):
        count = session.scalar(select(func.count()).where(model.team_id == team.id))
        if count:
            raise UnitError(key, code=code, count=count)
    done = session.scalar(
        select(func.count()).where(
            TaskAssignment.team_id == team.id, TaskAssignment.status == "done"
        )
    )
    if done:
        raise UnitError("team.has_done_tasks", code=code, count=done)
    refuse_while_chats_bound(session, Chat.team_id == team.id, "team", code)
    before = _team_snapshot(session, team)
    for owned in (Quota, TaskAssignment):
        session.execute(delete(owned).where(owned.team_id == team.id))
    session.delete(team)  # with its members, their accounts and its rows of team_units
    session.flush()
    audit.record(session, actor, "delete", "team", code, before, None)


def _team_snapshot(session: Session, team: Team) -> dict[str, Any]:
    quotas = session.execute(
        select(Indicator.code, Quota.period, Quota.target_kind, Quota.target_value)
        .join(Indicator)
        .where(Quota.team_id == team.id)
        .order_by(Quota.period, Indicator.code)
    ).all()
    tasks = session.scalars(
        select(Task.code).join(TaskAssignment).where(TaskAssignment.team_id == team.id)
    ).all()
    return {
        "code": team.code,
        "name": team.name,
        "level": team.level,
        "units": [unit.code for unit in team.units],
        "members": [member_snapshot(member) for member in team.members],
        "quotas": [
            {"indicator": indicator, "period": period, "kind": kind, "value": str(value)}
            for indicator, period, kind, value in quotas
        ],
        "open_tasks": sorted(tasks),
    }


def split_codes(text: str) -> list[str]:
    """Unit codes as typed in one field: separated by commas, spaces or `|`."""
    return [code for code in text.replace(",", " ").replace(LIST_SEPARATOR, " ").split() if code]
