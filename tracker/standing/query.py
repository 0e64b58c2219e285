"""Scoring (CONTRACTS §6) in SQL: sums, ratios and means are GROUP BY / window work in the store.

For a scope unit and a period, the teams are those covering a unit of the scope's subtree.
Each quota of such a team whose period string is exactly the period asked (a quota for
`2026-Q4` is used when `2026-Q4` is asked; monthly quotas are not added up into a quarter)
gives one cell: its resolved target and the sum of the team's non-superseded entries for
that indicator whose local date lies in the period (up to `until`, when given).

score = mean over the cells of min(achieved ÷ target, 1); uncapped = mean of achieved ÷ target;
a target of 0 counts as met (1.0) in both. Ranking: score, then uncapped, both highest first,
then team code; both means are compared at 9 decimals so that SQLite and PostgreSQL, which
add floats in different orders, rank exact ties the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import Float, Select, and_, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from tracker.clock import local_date
from tracker.deadlines import report_deadline, report_state
from tracker.hierarchy import team_ids_under
from tracker.periods import Period
from tracker.standing.model import Progress, Standing, StandingRow
from tracker.store.models import Indicator, MonthlyReport, Quota, ReportEntry, Team, TeamUnit, Unit

_ENTRIES = ReportEntry.__table__
_QUOTAS = Quota.__table__


def achieved_sums(
    team_ids: Select[int], start: date, end: date
) -> Select[int, int, int]:
    """(team_id, indicator_id, achieved): counted entries with local_date in [start, end]."""
    return (
        select(
            _ENTRIES.c.team_id,
            _ENTRIES.c.indicator_id,
            func.sum(_ENTRIES.c.value).label("achieved"),
        )
        .where(
            _ENTRIES.c.local_date.between(start, end),
            _ENTRIES.c.superseded_by_id.is_(None),
            _ENTRIES.c.team_id.in_(team_ids),
        )
        .group_by(_ENTRIES.c.team_id, _ENTRIES.c.indicator_id)
    )


def cells(team_ids: Select[int], period: Period, until: date | None = None) -> Select:  # type: ignore[type-arg]
    """(team_id, indicator_id, target, achieved) for every quota of the period."""
    end = period.end if until is None else min(period.end, until)
    sums = achieved_sums(team_ids, period.start, end).subquery("sums")
    joined = _QUOTAS.outerjoin(
        sums,
        and_(sums.c.team_id == _QUOTAS.c.team_id, sums.c.indicator_id == _QUOTAS.c.indicator_id),
    )
    return (
        select(
            _QUOTAS.c.team_id,
            _QUOTAS.c.indicator_id,
            _QUOTAS.c.resolved_target.label("target"),
            func.coalesce(sums.c.achieved, 0).label("achieved"),
        )
        .select_from(joined)
        .where(_QUOTAS.c.period == str(period), _QUOTAS.c.team_id.in_(team_ids))
    )


def _scored(team_ids: Select[int], period: Period, until: date | None) -> Select:  # type: ignore[type-arg]
    grid = cells(team_ids, period, until).subquery("cells")
    ratio = cast(grid.c.achieved, Float) / grid.c.target
    met = literal_column("1.0", Float)
    uncapped = case((grid.c.target == 0, met), else_=ratio)
    capped = case((grid.c.target == 0, met), (grid.c.achieved >= grid.c.target, met), else_=ratio)
    indicators = Indicator.__table__
    return (
        select(
            grid.c.team_id,
            indicators.c.code,
            grid.c.target,
            grid.c.achieved,
            func.avg(capped).over(partition_by=grid.c.team_id).label("score"),
            func.avg(uncapped).over(partition_by=grid.c.team_id).label("uncapped"),
        )
        .select_from(grid.join(indicators, indicators.c.id == grid.c.indicator_id))
        .order_by(grid.c.team_id, indicators.c.code)
    )


def compute_standing(
    session: Session,
    scope: Unit,
    period: Period,
    as_of: date,
    deadlines: Mapping[str, int],
    until: date | None = None,
) -> Standing:
    """The ranking of the teams under `scope`; monthly-report states are as seen on `as_of`."""
    team_ids = team_ids_under(scope.id)
    scores: dict[int, tuple[float, float]] = {}
    grid: dict[int, dict[str, Progress]] = defaultdict(dict)
    for team_id, code, target, achieved, score, uncapped in session.execute(
        _scored(team_ids, period, until)
    ):
        grid[team_id][code] = Progress(int(target), int(achieved))
        scores[team_id] = (float(score), float(uncapped))
    teams = session.execute(
        select(Team.id, Team.code, Team.name, Team.level)
        .where(Team.id.in_(team_ids))
        .order_by(Team.code)
    ).all()
    units = _unit_codes(session, team_ids)
    reports = _report_times(session, team_ids, period) if period.kind == "month" else {}

    def order(team: tuple[int, str, str, str]) -> tuple[bool, float, float, str]:
        score, uncapped = scores.get(team[0], (0.0, 0.0))
        return (team[0] not in scores, -round(score, 9), -round(uncapped, 9), team[1])

    rows = []
    for position, (team_id, code, name, level) in enumerate(sorted(teams, key=order), 1):
        score_pair = scores.get(team_id)
        state = None
        if period.kind == "month":
            deadline = report_deadline(level, period, deadlines)
            submitted = reports.get(team_id)
            if submitted is not None and local_date(submitted) > as_of:
                submitted = None  # not yet sent on the day the standing is seen
            state = str(report_state(deadline, submitted, as_of))
        rows.append(
            StandingRow(
                rank=position if score_pair else None,
                team=code,
                name=name,
                units=tuple(units.get(team_id, ())),
                score=score_pair[0] if score_pair else None,
                uncapped=score_pair[1] if score_pair else None,
                indicators=dict(grid.get(team_id, {})),
                monthly_report=state,
                team_id=team_id,
                level=level,
            )
        )
    return Standing(
        scope=scope.code,
        scope_name=scope.name,
        period=period,
        as_of=as_of,
        rows=rows,
        indicator_names=indicator_names(session),
    )


def rollup(
    session: Session, scope: Unit, period: Period, until: date | None = None
) -> dict[str, Progress]:
    """Per-indicator targets and achieved counts summed over the scope's teams (in SQL)."""
    grid = cells(team_ids_under(scope.id), period, until).subquery("cells")
    indicators = Indicator.__table__
    statement = (
        select(indicators.c.code, func.sum(grid.c.target), func.sum(grid.c.achieved))
        .select_from(grid.join(indicators, indicators.c.id == grid.c.indicator_id))
        .group_by(indicators.c.code)
        .order_by(indicators.c.code)
    )
    return {
        code: Progress(int(target), int(achieved))
        for code, target, achieved in session.execute(statement)
    }


def indicator_names(session: Session) -> dict[str, tuple[str, str]]:
    rows = session.execute(select(Indicator.code, Indicator.name, Indicator.name_en))
    return {code: (name, name_en or name) for code, name, name_en in rows}


def _unit_codes(session: Session, team_ids: Select[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    statement = (
        select(TeamUnit.team_id, Unit.code)
        .join(Unit, Unit.id == TeamUnit.unit_id)
        .where(TeamUnit.team_id.in_(team_ids))
        .order_by(Unit.code)
    )
    for team_id, code in session.execute(statement):
        found[team_id].append(code)
    return found


def _report_times(
    session: Session, team_ids: Select[int], month: Period
) -> dict[int, datetime]:
    statement = select(MonthlyReport.team_id, MonthlyReport.submitted_at).where(
        MonthlyReport.month == str(month), MonthlyReport.team_id.in_(team_ids)
    )
    return {team_id: submitted for team_id, submitted in session.execute(statement)}
