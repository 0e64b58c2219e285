"""Teams as officers change them one at a time: name, code and the units they cover.

A form obeys the rules a `teams` file obeys (units known and of one level, the member cap
of a new level, households behind % quotas) and says so in the same words; each change is
audited with before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.config import Settings
from tracker.forms import FormCheck
from tracker.hierarchy import find_team
from tracker.households import recompute_share_targets, team_households
from tracker.imports.reading import LIST_SEPARATOR
from tracker.maps.lookup import units_by_codes
from tracker.members import member_snapshot
from tracker.store.models import (
    Chat,
    Indicator,
    Member,
    MonthlyReport,
    Quota,
    ReportEntry,
    Task,
    TaskAssignment,
    Team,
    Unit,
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
    """Add a team (old_code None) or change the team now coded `old_code`.

    FormRefused names every field that breaks a rule; the caller's transaction is then
    rolled back, a rename included."""
    from tracker.officers.service_scope import check_units, team_places, unit_ids

    code = code.strip()
    # The team's place now (if it exists) and the units the form gives it.
    existing = session.scalar(select(Team.id).where(Team.code == (old_code or code)))
    places = unit_ids(session, [u.strip() for u in units])
    places += [] if existing is None else team_places(session, existing)
    what = f"team save {code}"
    check_units(session, actor, "write", places, what=what, entity="team", key=code)
    settle_code(session, Team, "team", code, old_code, actor)
    team = session.scalars(select(Team).where(Team.code == code)).first()
    before = None if team is None else form_snapshot(team)
    form_check = FormCheck(language or settings.language)
    name = form_check.required("name", name)
    form_check.at_most("name", name, 200)
    covered = _units(session, form_check, sorted({u.strip() for u in units if u.strip()}))
    level = covered[0].level if covered else None
    if team is not None and level is not None and level != team.level:
        _check_cap(session, form_check, settings, team, level)
    form_check.check()
    assert level is not None
    if team is None:
        team = Team(code=code, name=name, level=level)
        session.add(team)
    moved = before is None or before["units"] != [unit.code for unit in covered]
    team.name, team.level, team.units = name, level, covered
    session.flush()
    if moved and before is not None:
        _check_shares(session, form_check, team)
        form_check.check()
        recompute_share_targets(session, team_ids=[team.id])
    after = form_snapshot(team)
    if after != before:
        action = "create" if before is None else "update"
        audit.record(session, actor, action, "team", code, before, after)
    return team


def _units(session: Session, form_check: FormCheck, codes: list[str]) -> list[Unit]:
    """The units the form names, all known and of one level; [] after noting a problem."""
    if not codes:
        form_check.problem("units", "import.required")
        return []
    found = units_by_codes(session, codes)  # today's units: a code may name an ended one too
    for code in codes:
        if code not in found:
            form_check.problem("units", "import.unknown_unit", value=code)
    units = [found[code] for code in codes if code in found]
    if len({unit.level for unit in units}) > 1:
        shown = ", ".join(f"{unit.code} ({form_check.level_name(unit.level)})" for unit in units)
        form_check.problem("units", "import.mixed_levels", units=shown)
        return []
    return units if len(units) == len(codes) else []


def _check_cap(
    session: Session, form_check: FormCheck, settings: Settings, team: Team, level: str
) -> None:
    """A team whose level changes must not have more members than its new level allows."""
    cap = settings.member_caps.get(level)
    count = session.scalar(select(func.count()).where(Member.team_id == team.id)) or 0
    if cap is not None and count > cap:
        form_check.problem(
            "units",
            "import.over_cap",
            team=team.code,
            level=form_check.level_name(level),
            cap=cap,
            count=count,
        )


def _check_shares(session: Session, form_check: FormCheck, team: Team) -> None:
    """A team with a percentage quota needs households on each unit it now covers."""
    shared = session.scalar(
        select(func.count()).where(Quota.team_id == team.id, Quota.target_kind == "share")
    )
    if shared and team_households(session, [team.id]).get(team.id) is None:
        form_check.problem("units", "import.households_needed", team=team.code)


def form_snapshot(team: Team) -> dict[str, Any]:
    """What the form changes, as `tracker import teams` audits it."""
    units = sorted(unit.code for unit in team.units)
    return {"code": team.code, "name": team.name, "level": team.level, "units": units}


def remove_team(session: Session, code: str, actor: str) -> None:
    """Remove a team set up by mistake. Its members, quotas and open task assignments go
    with it and are kept in the audit entry. A team that has reported (counted figures,
    monthly reports, tasks done) stays, so every number leads back to its team; a team
    with bound chats stays until they are unbound, as a unit does."""
    from tracker.officers.service_scope import check_team

    team = find_team(session, code)
    check_team(session, actor, "write", team, what=f"team remove {code}")
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
