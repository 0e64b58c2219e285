"""`tracker import teams`: teams and the units they cover (one village, or several).

`active_from` is the day the team starts working (default: the day it is imported), so
that a team set up today is not ranked or flagged overdue for last month.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select

from tracker.clock import today
from tracker.households import recompute_share_targets, team_households
from tracker.imports.base import ImportRun, by_code, duplicates, pairs
from tracker.imports.messages import MESSAGES
from tracker.imports.reading import Row, Spec
from tracker.imports.values import day as parse_day
from tracker.store.models import Member, Quota, Team, TeamUnit, Unit

SPEC = Spec("teams", ("code", "name", "units", "active_from"), ("code", "name", "units"))


def run(job: ImportRun) -> None:
    rows = duplicates(job, (r for r in job.table.rows if job.required(r, "code")), "code", _code)
    for row in rows:
        job.required(row, "name")
        job.required(row, "units")
        for column, limit in (("code", 64), ("name", 200)):
            if len(row[column]) > limit:
                job.problem(row, column, "import.too_long", limit=limit)
    units = by_code(job.session, Unit, (code for row in rows for code in row.items("units")))
    teams = by_code(job.session, Team, (row["code"] for row in rows))
    levels: dict[str, str] = {}
    for row in rows:
        found = [units[code] for code in row.items("units") if code in units]
        for code in row.items("units"):
            if code not in units:
                job.problem(row, "units", "import.unknown_unit", value=code)
        if found and len({unit.level for unit in found}) > 1:
            shown = ", ".join(f"{unit.code} ({_level(job, unit.level)})" for unit in found)
            job.problem(row, "units", "import.mixed_levels", units=shown)
        elif found:
            levels[row["code"]] = found[0].level
    _check_caps(job, rows, teams, levels)
    starts = _starts(job, rows)
    job.check()
    _write(job, rows, teams, units, levels, starts)


def _starts(job: ImportRun, rows: list[Row]) -> dict[str, date]:
    """Each row's `active_from`, where given."""
    found: dict[str, date] = {}
    for row in rows:
        if row["active_from"]:
            day = parse_day(row["active_from"])
            if day is None:
                job.problem(row, "active_from", "import.bad_date", value=row["active_from"])
            else:
                found[row["code"]] = day
    return found


def _code(row: Row) -> str:
    return row["code"]


def _level(job: ImportRun, level: str) -> str:
    return MESSAGES(job.language, f"level.{level}")


def _check_caps(
    job: ImportRun, rows: list[Row], teams: dict[str, Team], levels: dict[str, str]
) -> None:
    """A team whose level changes must not have more members than its new level allows."""
    ids = [teams[row["code"]].id for row in rows if row["code"] in teams]
    if not ids:
        return
    query = select(Member.team_id, func.count()).where(Member.team_id.in_(ids))
    counts = pairs(job.session.execute(query.group_by(Member.team_id)))
    for row in rows:
        team = teams.get(row["code"])
        level = levels.get(row["code"])
        if team is None or level is None or level == team.level:
            continue
        cap = job.settings.member_caps.get(level)
        count = counts.get(team.id, 0)
        if cap is not None and count > cap:
            job.problem(
                row,
                "units",
                "import.over_cap",
                team=team.code,
                level=_level(job, level),
                cap=cap,
                count=count,
            )


def _snapshot(
    code: str, name: str, level: str, units: list[str], start: date | None
) -> dict[str, Any]:
    found: dict[str, Any] = {"code": code, "name": name, "level": level, "units": sorted(units)}
    found["active_from"] = None if start is None else start.isoformat()
    return found


def _write(
    job: ImportRun,
    rows: list[Row],
    teams: dict[str, Team],
    units: dict[str, Unit],
    levels: dict[str, str],
    starts: dict[str, date],
) -> None:
    session = job.session
    before: dict[str, dict[str, Any]] = {}
    if teams:
        covered: dict[int, list[str]] = {}
        query = (
            select(TeamUnit.team_id, Unit.code)
            .join(Unit, Unit.id == TeamUnit.unit_id)
            .where(
                TeamUnit.team_id.in_([team.id for team in teams.values()]),
                TeamUnit.valid_to.is_(None),  # the links of now, not those a merger ended
            )
        )
        for team_id, unit_code in session.execute(query):
            covered.setdefault(team_id, []).append(unit_code)
        for code, team in teams.items():
            units_now = covered.get(team.id, [])
            before[code] = _snapshot(code, team.name, team.level, units_now, team.active_from)
    new = [
        Team(
            code=row["code"],
            name=row["name"],
            level=levels[row["code"]],
            active_from=starts.get(row["code"], today()),
        )
        for row in rows
    ]
    new = [team for team in new if team.code not in teams]
    session.add_all(new)
    session.flush()
    everything = {**teams, **{team.code: team for team in new}}
    moved: list[Team] = []
    links: list[dict[str, int]] = []
    for row in rows:
        team = everything[row["code"]]
        wanted = sorted(set(row.items("units")))
        start = starts.get(team.code, team.active_from)
        after = _snapshot(team.code, row["name"], levels[team.code], wanted, start)
        old = before.get(team.code)
        if old != after:
            team.name = row["name"]
            team.level = levels[team.code]
            team.active_from = start
            if old is None or old["units"] != after["units"]:
                moved.append(team)
                links += [{"team_id": team.id, "unit_id": units[code].id} for code in wanted]
        job.record("team", team.code, old, after)
    moved_ids = [team.id for team in moved]
    if moved_ids:
        session.execute(
            delete(TeamUnit).where(TeamUnit.team_id.in_(moved_ids), TeamUnit.valid_to.is_(None))
        )
        session.execute(insert(TeamUnit), links)
        _check_shares(job, rows, moved)
        job.check()
        recompute_share_targets(session, team_ids=moved_ids)
    session.flush()
    job.write_audit()


def _check_shares(job: ImportRun, rows: list[Row], moved: list[Team]) -> None:
    """A team with a percentage quota needs households on each unit it now covers."""
    ids = [team.id for team in moved]
    shared = set(
        job.session.scalars(
            select(Quota.team_id).where(Quota.team_id.in_(ids), Quota.target_kind == "share")
        )
    )
    if not shared:
        return
    households = team_households(job.session, shared)
    row_of = {row["code"]: row for row in rows}
    for team in moved:
        if team.id in shared and households.get(team.id) is None:
            job.problem(row_of[team.code], "units", "import.households_needed", team=team.code)
