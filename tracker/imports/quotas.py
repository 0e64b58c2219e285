"""`tracker import quotas`: a target per team, indicator and period.

A target is a count (`120`, `1.200`) or a share of the households of the team's units
(`30%`, `30,5%`), kept as target_kind "share" and resolved to ceil(share × households).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from tracker.households import resolve_share, team_households
from tracker.imports import values
from tracker.imports.base import ImportRun, by_code_or_name, chunks, duplicates
from tracker.imports.reading import Row, Spec
from tracker.periods import Period
from tracker.store.models import Indicator, Quota, Team, TeamUnit, Unit

SPEC = Spec(
    "quotas", ("team", "indicator", "period", "target"), ("team", "indicator", "period", "target")
)
# Numeric(12, 2) in the store.
_MAX_TARGET = Decimal("9999999999")


def run(job: ImportRun) -> None:
    rows = [
        row
        for row in job.table.rows
        if all([job.required(row, column) for column in ("team", "indicator", "period", "target")])
    ]
    teams = by_code_or_name(job, Team, rows, "team")
    indicators = by_code_or_name(job, Indicator, rows, "indicator")
    households = team_households(job.session, (team.id for team in teams.values()))
    periods: dict[int, Period] = {}
    targets: dict[int, tuple[str, Decimal]] = {}
    for row in rows:
        if row["team"] not in teams:
            job.problem(row, "team", "import.unknown_team", value=row["team"])
        if row["indicator"] not in indicators:
            job.problem(row, "indicator", "import.unknown_indicator", value=row["indicator"])
        period = values.period(row["period"])
        if period is None:
            job.problem(row, "period", "import.bad_period", value=row["period"])
        else:
            periods[row.number] = period
        target = _target(job, row)
        if target is not None:
            targets[row.number] = target
            team = teams.get(row["team"])
            if target[0] == "share" and team is not None and households[team.id] is None:
                missing = _without_households(job, team)
                job.problem(row, "target", "import.no_households", units=", ".join(missing))
    valid = [row for row in rows if row.number in periods and row.number in targets]
    valid = duplicates(job, valid, "period", lambda row: _identity(row, periods))
    job.check()
    _write(job, valid, teams, indicators, periods, targets, households)


def _identity(row: Row, periods: dict[int, Period]) -> tuple[str, str, str]:
    return row["team"], row["indicator"], str(periods[row.number])


def _target(job: ImportRun, row: Row) -> tuple[str, Decimal] | None:
    text = row["target"]
    if "%" in job.table.label("target") and not text.endswith("%"):
        # A column headed `Chỉ tiêu (%)` holds shares written as plain numbers: 30, 30,5.
        text = f"{text}%"
    number = values.count(text)
    if number is not None and number <= _MAX_TARGET:
        return "count", Decimal(number)
    share = values.cell_share(text)
    if share is None or share.as_tuple().exponent < -2:  # type: ignore[operator]
        job.problem(row, "target", "import.bad_target", value=text)
        return None
    if share > 100:
        job.problem(row, "target", "import.share_too_big", value=text)
        return None
    return "share", share


def _without_households(job: ImportRun, team: Team) -> list[str]:
    query = (
        select(Unit.code)
        .join(TeamUnit, TeamUnit.unit_id == Unit.id)
        .where(TeamUnit.team_id == team.id, Unit.households.is_(None))
        .order_by(Unit.code)
    )
    return list(job.session.scalars(query))


def _snapshot(quota: Quota | None, key: tuple[str, str, str]) -> dict[str, Any] | None:
    if quota is None:
        return None
    return {
        "team": key[0],
        "indicator": key[1],
        "period": key[2],
        "target": quota.target_text,
        "resolved_target": quota.resolved_target,
    }


def _write(
    job: ImportRun,
    rows: list[Row],
    teams: dict[str, Team],
    indicators: dict[str, Indicator],
    periods: dict[int, Period],
    targets: dict[int, tuple[str, Decimal]],
    households: dict[int, int | None],
) -> None:
    team_ids = sorted({teams[row["team"]].id for row in rows})
    code_of = {team.id: code for code, team in teams.items()}
    indicator_of = {indicator.id: code for code, indicator in indicators.items()}
    existing: dict[tuple[str, str, str], Quota] = {}
    for part in chunks(team_ids):
        for quota in job.session.scalars(select(Quota).where(Quota.team_id.in_(part))):
            if quota.indicator_id in indicator_of:
                key = (code_of[quota.team_id], indicator_of[quota.indicator_id], quota.period)
                existing[key] = quota
    for row in rows:
        period = periods[row.number]
        key = _identity(row, periods)
        kind, value = targets[row.number]
        team = teams[row["team"]]
        base = households[team.id]
        resolved = int(value) if kind == "count" else resolve_share(value, base or 0)
        found = existing.get(key)
        before = _snapshot(found, key)
        quota = found or Quota(team_id=team.id, indicator_id=indicators[row["indicator"]].id)
        if found is None:
            job.session.add(quota)
            existing[key] = quota
        quota.period = str(period)
        quota.starts_on = period.start
        quota.ends_on = period.end
        quota.target_kind = kind
        quota.target_value = value
        quota.resolved_target = resolved
        job.record("quota", "/".join(key), before, _snapshot(quota, key) or {})
    job.session.flush()
    job.write_audit()
