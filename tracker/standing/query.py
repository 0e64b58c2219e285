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
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Float, Select, and_, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from tracker.clock import local_date
from tracker.deadlines import report_deadline, report_state
from tracker.hierarchy import TeamIds, name_at, scope_team_ids
from tracker.maps.history import open_at, owes_report
from tracker.periods import Period
from tracker.standing.model import Progress, Standing, StandingRow
from tracker.store.models import Indicator, MonthlyReport, Quota, ReportEntry, Team, TeamUnit, Unit

_ENTRIES = ReportEntry.__table__
_QUOTAS = Quota.__table__


def achieved_sums(team_ids: TeamIds, start: date, ends: Sequence[date]) -> Select:  # type: ignore[type-arg]
    """(team_id, indicator_id, achieved_0, …): counted entries from `start` up to each end.

    Several ends share one scan: the digest asks for today and yesterday at once.
    """
    value, day = _ENTRIES.c.value, _ENTRIES.c.local_date
    last = max(ends)
    # Whole numbers on both databases (PostgreSQL sums BIGINT as NUMERIC); bounded values
    # (tracker/reports/bounds.py) keep any sum far inside 64 bits.
    sums = [
        _whole(func.sum(value if end == last else case((day <= end, value), else_=0))).label(
            f"achieved_{i}"
        )
        for i, end in enumerate(ends)
    ]
    return (
        select(_ENTRIES.c.team_id, _ENTRIES.c.indicator_id, *sums)
        .where(
            day.between(start, last),
            _ENTRIES.c.superseded_by_id.is_(None),
            _ENTRIES.c.team_id.in_(team_ids),
        )
        .group_by(_ENTRIES.c.team_id, _ENTRIES.c.indicator_id)
    )


def cells(team_ids: TeamIds, period: Period, untils: Sequence[date | None] = (None,)) -> Select:  # type: ignore[type-arg]
    """(team_id, indicator_id, target, achieved_0, …) for every quota of the period."""
    ends = [period.end if until is None else min(period.end, until) for until in untils]
    sums = achieved_sums(team_ids, period.start, ends).subquery("sums")
    joined = _QUOTAS.outerjoin(
        sums,
        and_(sums.c.team_id == _QUOTAS.c.team_id, sums.c.indicator_id == _QUOTAS.c.indicator_id),
    )
    achieved = [
        func.coalesce(sums.c[f"achieved_{i}"], 0).label(f"achieved_{i}") for i in range(len(ends))
    ]
    return (
        select(
            _QUOTAS.c.team_id,
            _QUOTAS.c.indicator_id,
            _QUOTAS.c.resolved_target.label("target"),
            *achieved,
        )
        .select_from(joined)
        .where(_QUOTAS.c.period == str(period), _QUOTAS.c.team_id.in_(team_ids))
    )


def _scored(team_ids: TeamIds, period: Period, untils: Sequence[date | None]) -> Select:  # type: ignore[type-arg]
    grid = cells(team_ids, period, untils).subquery("cells")
    met = literal_column("1.0", Float)
    columns = []
    for i in range(len(untils)):
        achieved = grid.c[f"achieved_{i}"]
        ratio = cast(achieved, Float) / grid.c.target
        uncapped = case((grid.c.target == 0, met), else_=ratio)
        capped = case((grid.c.target == 0, met), (achieved >= grid.c.target, met), else_=ratio)
        columns += [
            achieved,
            func.avg(capped).over(partition_by=grid.c.team_id),
            func.avg(uncapped).over(partition_by=grid.c.team_id),
        ]
    indicators = Indicator.__table__
    return (
        select(grid.c.team_id, indicators.c.code, grid.c.target, *columns)
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
    """The ranking of the teams under `scope`; monthly-report states are as seen on `as_of`.

    Entries count from the period's start to its end, or to `until` when that is earlier.
    """
    return compute_standings(session, scope, period, as_of, deadlines, [until])[0]


def compute_standings(
    session: Session,
    scope: Unit,
    period: Period,
    as_of: date,
    deadlines: Mapping[str, int],
    untils: Sequence[date | None],
    team_ids: TeamIds | None = None,
) -> list[Standing]:
    """One standing per cut-off day in `untils`, from a single scan of the entries.

    `team_ids`, when the caller knows them already, stands for the teams under `scope`.
    """
    if team_ids is None:
        team_ids = scope_team_ids(session, scope.id, period.end, period.start)
    count = len(untils)
    scores: list[dict[int, tuple[float, float]]] = [{} for _ in range(count)]
    grids: list[dict[int, dict[str, Progress]]] = [defaultdict(dict) for _ in range(count)]
    for team_id, code, target, *values in session.execute(_scored(team_ids, period, untils)):
        for i in range(count):
            achieved, score, uncapped = values[3 * i : 3 * i + 3]
            grids[i][team_id][code] = Progress(int(target), int(achieved))
            scores[i][team_id] = (float(score), float(uncapped))
    reports = period.kind == "month"
    monthly = MonthlyReport.__table__
    found = session.execute(
        select(
            Team.id,
            Team.code,
            Team.name,
            Team.level,
            monthly.c.submitted_at,
            Team.active_from,
            Team.retired_on,
        )
        .outerjoin(
            monthly,
            and_(
                monthly.c.team_id == Team.id,
                monthly.c.month == str(period),  # never matches a quarter or a year
            ),
        )
        .where(Team.id.in_(team_ids))
        .order_by(Team.code)
    ).all()
    teams = [row[:5] for row in found]
    units = _unit_codes(session, team_ids, period.end)
    names = indicator_names(session)
    states: dict[int, str | None] = {}
    for team_id, _code, _name, level, submitted, active_from, retired_on in found:
        if not reports:
            states[team_id] = None
            continue
        if submitted is not None and local_date(submitted) > as_of:
            submitted = None  # not yet sent on the day the standing is seen
        deadline = report_deadline(level, period, deadlines)
        if submitted is None and not owes_report(active_from, retired_on, deadline):
            states[team_id] = None  # founded after the deadline, or retired by then: none due
            continue
        states[team_id] = str(report_state(deadline, submitted, as_of))
    return [
        Standing(
            scope=scope.code,
            scope_name=name_at(session, scope, period.end),
            period=period,
            as_of=as_of,
            rows=_rank(teams, scores[i], grids[i], units, states),
            indicator_names=names,
        )
        for i in range(count)
    ]


def _rank(
    teams: Sequence[Any],
    scores: dict[int, tuple[float, float]],
    grid: dict[int, dict[str, Progress]],
    units: dict[int, list[str]],
    states: dict[int, str | None],
) -> list[StandingRow]:
    def order(team: Any) -> tuple[bool, float, float, str]:
        score, uncapped = scores.get(team[0], (0.0, 0.0))
        return (team[0] not in scores, -round(score, 9), -round(uncapped, 9), team[1])

    rows = []
    for position, (team_id, code, name, level, _submitted) in enumerate(
        sorted(teams, key=order), 1
    ):
        pair = scores.get(team_id)
        rows.append(
            StandingRow(
                rank=position if pair else None,
                team=code,
                name=name,
                units=tuple(units.get(team_id, ())),
                score=pair[0] if pair else None,
                uncapped=pair[1] if pair else None,
                indicators=dict(grid.get(team_id, {})),
                monthly_report=states.get(team_id),
                team_id=team_id,
                level=level,
            )
        )
    return rows


def rollup(
    session: Session, scope: Unit, period: Period, until: date | None = None
) -> dict[str, Progress]:
    """Per-indicator targets and achieved counts summed over the scope's teams (in SQL)."""
    team_ids = scope_team_ids(session, scope.id, period.end, period.start)
    grid = cells(team_ids, period, [until]).subquery("cells")
    indicators = Indicator.__table__
    statement = (
        select(
            indicators.c.code, _whole(func.sum(grid.c.target)), _whole(func.sum(grid.c.achieved_0))
        )
        .select_from(grid.join(indicators, indicators.c.id == grid.c.indicator_id))
        .group_by(indicators.c.code)
        .order_by(indicators.c.code)
    )
    return {
        code: Progress(int(target), int(achieved))
        for code, target, achieved in session.execute(statement)
    }


def _whole(total: Any) -> Any:
    return cast(total, BigInteger)


def indicator_names(session: Session) -> dict[str, tuple[str, str]]:
    rows = session.execute(select(Indicator.code, Indicator.name, Indicator.name_en))
    return {code: (name, name_en or name) for code, name, name_en in rows}


def _unit_codes(session: Session, team_ids: TeamIds, at: date) -> dict[int, list[str]]:
    """The units each team covers on `at` (the period's map)."""
    found: dict[int, list[str]] = defaultdict(list)
    statement = (
        select(TeamUnit.team_id, Unit.code)
        .join(Unit, Unit.id == TeamUnit.unit_id)
        .where(TeamUnit.team_id.in_(team_ids), open_at(TeamUnit.__table__, at))
        .order_by(Unit.code)
    )
    for team_id, code in session.execute(statement):
        found[team_id].append(code)
    return found
