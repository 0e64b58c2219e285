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

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Float,
    Select,
    Text,
    and_,
    case,
    cast,
    false,
    func,
    literal_column,
    select,
    text,
)

from tracker.clock import local_date
from tracker.deadlines import report_deadline, report_state
from tracker.maps.history import open_at, owes_report, versions_at
from tracker.maps.tree import LISTED_TEAMS, Scope, TeamIds, name_at, scope_team_ids, team_ids_under
from tracker.periods import Period
from tracker.standing.model import Progress, Standing, StandingRow
from tracker.store import tables
from tracker.store.engine import dialect_name

if TYPE_CHECKING:
    from tracker.store.engine import Reader

# Core tables, read through a Session or a Connection: `tracker leaderboard` loads no ORM.
_ENTRIES = tables.report_entries
_QUOTAS = tables.quotas
_INDICATOR_TABLE = tables.indicators
_INDICATORS = select(
    _INDICATOR_TABLE.c.id,
    _INDICATOR_TABLE.c.code,
    _INDICATOR_TABLE.c.name,
    _INDICATOR_TABLE.c.name_en,
)


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


def compute_standing(
    session: Reader,
    scope: Scope,
    period: Period,
    as_of: date,
    deadlines: Mapping[str, int],
    until: date | None = None,
    approvals: bool = False,
) -> Standing:
    """The ranking of the teams under `scope`; monthly-report states are as seen on `as_of`.

    Entries count from the period's start to its end, or to `until` when that is earlier.
    With `approvals`, a month's rows say whose monthly report is approved (the leaderboard).
    """
    return compute_standings(
        session, scope, period, as_of, deadlines, [until], approvals=approvals
    )[0]


def compute_standings(
    session: Reader,
    scope: Scope,
    period: Period,
    as_of: date,
    deadlines: Mapping[str, int],
    untils: Sequence[date | None],
    team_ids: TeamIds | None = None,
    approvals: bool = False,
) -> list[Standing]:
    """One standing per cut-off day in `untils`, from a single statement.

    `team_ids`, when the caller knows them already, stands for the teams under `scope`.
    Besides the teams under the scope (two statements, or none when given) and the names
    of the indicators, everything is one statement: a row per team with its cells, its
    scores, its monthly report and its units, whatever the number of teams.
    """
    plain = not versions_at(session, period.end)
    if team_ids is None:
        team_ids = _scope_team_ids(session, scope.id, period, plain)
    scope_name = scope.name if plain else name_at(session, scope, period.end)
    dialect = dialect_name(session)
    statement = _teams_scored(dialect, team_ids, period, untils, approvals)
    if dialect == "postgresql" and not isinstance(team_ids, list):
        _roomy_aggregates(session)
    codes: dict[int, str] = {}
    names: dict[str, tuple[str, str]] = {}
    for indicator_id, code, name, name_en in session.execute(_INDICATORS):
        codes[indicator_id] = code
        names[code] = (name, name_en or name)
    count = len(untils)
    reports = period.kind == "month"
    teams: list[tuple[int, str, str, str]] = []
    scores: list[dict[int, tuple[float, float]]] = [{} for _ in range(count)]
    grids: list[dict[int, dict[str, Progress]]] = [{} for _ in range(count)]
    units: dict[int, list[str]] = {}
    states: dict[int, str | None] = {}
    approved: set[int] = set()
    fetched = session.execute(statement).all()
    # Each team's units and cells come as JSON text, parsed here in one document: one
    # json.loads per value (what psycopg does for a json column) costs a tenth of a
    # second on the country's 9,500 teams.
    packs = json.loads(
        "[" + ",".join(f"{row[5] or 'null'},{row[6] or 'null'}" for row in fetched) + "]"
    )
    by_code = sorted(codes.items(), key=_by_code)
    rank_of = {indicator_id: position for position, (indicator_id, _) in enumerate(by_code)}
    for index, row in enumerate(fetched):
        team_id, code, name, level, submitted, _, _, ok, active_from, retired_on, *means = row
        unit_codes, packed = packs[2 * index], packs[2 * index + 1]
        teams.append((team_id, code, name, level))
        units[team_id] = sorted(unit_codes) if unit_codes is not None else []
        if ok:
            approved.add(team_id)
        if packed is not None:
            cells = sorted(packed, key=lambda cell: rank_of[cell[0]])
            for i in range(count):
                grids[i][team_id] = {
                    codes[cell[0]]: Progress(int(cell[1]), int(cell[2 + i])) for cell in cells
                }
                scores[i][team_id] = (float(means[2 * i]), float(means[2 * i + 1]))
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
            scope_name=scope_name,
            period=period,
            as_of=as_of,
            rows=_rank(teams, scores[i], grids[i], units, states, approved),
            indicator_names=names,
        )
        for i in range(count)
    ]


# A whole country's month is ~600,000 entries folded into ~95,000 cells: with PostgreSQL's
# default work_mem (4 MB) its hash aggregates and sort spill to disk in batches (about a
# tenth of the statement's time on the country store). SET LOCAL lasts only until the
# transaction ends, and only scopes too large to list their teams (LISTED_TEAMS) ask.
WORK_MEM = "64MB"


def _roomy_aggregates(session: Reader) -> None:
    session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))


def _by_code(pair: tuple[int, str]) -> str:
    return pair[1]


def _scope_team_ids(session: Reader, scope_id: int, period: Period, plain: bool) -> TeamIds:
    """What `scope_team_ids` gives, knowing already whether the map has versions then."""
    query = team_ids_under(scope_id, at=period.end, since=period.start, plain=plain)
    ids = [int(row[0]) for row in session.execute(query.limit(LISTED_TEAMS + 1))]
    return query if len(ids) > LISTED_TEAMS else sorted(ids)


def _teams_scored(
    dialect: str,
    team_ids: TeamIds,
    period: Period,
    untils: Sequence[date | None],
    approvals: bool,
) -> Select:  # type: ignore[type-arg]
    """A row per team under the scope: id, code, name, level, the month's report, its units
    (a JSON list of codes), its cells (a JSON list of [indicator id, target, achieved_0, …],
    None without quotas), whether its monthly report is approved, its active_from and
    retired_on (whether it owed the month's report), then per cut-off day the score and
    the uncapped score.

    The cells and the units are folded into one JSON value per team so that a province is
    1,600 rows rather than 13,000; ids, not codes, travel in the cells, so that nothing a
    user typed needs escaping.
    """
    scope = team_ids if isinstance(team_ids, list) else team_ids.cte("scope_teams")
    ids: Any = scope if isinstance(scope, list) else select(scope.c[0])
    grid = cells(ids, period, untils).subquery("cells")
    array, aggregate = _json_functions(dialect)
    as_text = _as_text(dialect)
    met = literal_column("1.0", Float)
    means = []
    for i in range(len(untils)):
        achieved = grid.c[f"achieved_{i}"]
        ratio = cast(achieved, Float) / grid.c.target
        uncapped = case((grid.c.target == 0, met), else_=ratio)
        capped = case((grid.c.target == 0, met), (achieved >= grid.c.target, met), else_=ratio)
        means += [func.avg(capped).label(f"score_{i}"), func.avg(uncapped).label(f"uncapped_{i}")]
    achieved_columns = [grid.c[f"achieved_{i}"] for i in range(len(untils))]
    per_team = (
        select(
            grid.c.team_id,
            as_text(aggregate(array(grid.c.indicator_id, grid.c.target, *achieved_columns))).label(
                "cells"
            ),
            *means,
        )
        .group_by(grid.c.team_id)
        .subquery("per_team")
    )
    links, units = tables.team_units, tables.units
    covered = (
        select(links.c.team_id, as_text(aggregate(units.c.code)).label("codes"))
        .join(units, units.c.id == links.c.unit_id)
        .where(links.c.team_id.in_(ids), open_at(links, period.end))
        .group_by(links.c.team_id)
        .subquery("covered")
    )
    teams, monthly = tables.teams, tables.monthly_reports
    if approvals and period.kind == "month":
        decisions = tables.monthly_decisions
        approved: Any = (
            select(decisions.c.id)
            .where(
                decisions.c.team_id == teams.c.id,
                decisions.c.month == str(period),
                decisions.c.status == "approved",
            )
            .exists()
        )
    else:
        approved = false()
    return (
        select(
            teams.c.id,
            teams.c.code,
            teams.c.name,
            teams.c.level,
            monthly.c.submitted_at,
            covered.c.codes,
            per_team.c.cells,
            approved,
            teams.c.active_from,
            teams.c.retired_on,
            *[per_team.c[column.name] for column in means],
        )
        .select_from(teams)
        .outerjoin(
            monthly,
            # never matches a quarter or a year
            and_(monthly.c.team_id == teams.c.id, monthly.c.month == str(period)),
        )
        .outerjoin(per_team, per_team.c.team_id == teams.c.id)
        .outerjoin(covered, covered.c.team_id == teams.c.id)
        .where(teams.c.id.in_(ids))
    )


def _json_functions(dialect: str) -> tuple[Any, Any]:
    """(make a JSON array of values, aggregate values into a JSON array) on this database."""
    if dialect == "postgresql":
        return func.json_build_array, func.json_agg
    return func.json_array, func.json_group_array


def _as_text(dialect: str) -> Any:
    """JSON values as text: compute_standings parses them all at once (SQLite's are text)."""
    if dialect == "postgresql":
        return lambda value: cast(value, Text)
    return lambda value: value


def _rank(
    teams: Sequence[tuple[int, str, str, str]],
    scores: dict[int, tuple[float, float]],
    grid: dict[int, dict[str, Progress]],
    units: dict[int, list[str]],
    states: dict[int, str | None],
    approved: set[int],
) -> list[StandingRow]:
    def order(team: tuple[int, str, str, str]) -> tuple[bool, float, float, str]:
        score, uncapped = scores.get(team[0], (0.0, 0.0))
        return (team[0] not in scores, -round(score, 9), -round(uncapped, 9), team[1])

    rows = []
    for position, (team_id, code, name, level) in enumerate(sorted(teams, key=order), 1):
        pair = scores.get(team_id)
        rows.append(
            StandingRow(
                rank=position if pair else None,
                team=code,
                name=name,
                units=tuple(units.get(team_id, ())),
                score=pair[0] if pair else None,
                uncapped=pair[1] if pair else None,
                indicators=grid.get(team_id, {}),
                monthly_report=states.get(team_id),
                team_id=team_id,
                level=level,
                approved=team_id in approved,
            )
        )
    return rows


def rollup(
    session: Reader, scope: Scope, period: Period, until: date | None = None
) -> dict[str, Progress]:
    """Per-indicator targets and achieved counts summed over the scope's teams (in SQL)."""
    team_ids = scope_team_ids(session, scope.id, period.end, period.start)
    grid = cells(team_ids, period, [until]).subquery("cells")
    indicators = _INDICATOR_TABLE
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


def indicator_names(session: Reader) -> dict[str, tuple[str, str]]:
    indicators = _INDICATOR_TABLE
    rows = session.execute(select(indicators.c.code, indicators.c.name, indicators.c.name_en))
    return {code: (name, name_en or name) for code, name, name_en in rows}
