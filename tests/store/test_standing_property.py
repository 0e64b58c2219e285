"""On random data, the SQL standing equals a small exact Python reference, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from tracker.config import DEFAULT_DEADLINES
from tracker.periods import Period
from tracker.standing import compute_standings, rollup
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import (
    InboundMessage,
    Indicator,
    Quota,
    ReportEntry,
    Team,
    TeamUnit,
    Unit,
)

PERIODS = [Period.parse("2026-11"), Period.parse("2026-Q4")]
TEAMS = 5
INDICATORS = 3

quota = st.integers(min_value=-3, max_value=20).map(lambda n: None if n < 0 else n)
entry = st.tuples(
    st.integers(0, TEAMS - 1),  # team
    st.integers(0, INDICATORS - 1),  # indicator
    st.one_of(
        st.dates(date(2026, 10, 29), date(2026, 12, 2)),
        st.dates(date(2026, 9, 28), date(2027, 1, 3)),
    ),
    st.integers(-5, 30),  # value
    st.integers(0, 3).map(lambda n: n == 0),  # superseded
)
world = st.tuples(
    st.lists(st.lists(quota, min_size=INDICATORS, max_size=INDICATORS), min_size=1, max_size=TEAMS),
    st.lists(entry, max_size=40),
    st.integers(0, 1),  # the scope: the province (0) or its first commune (1)
    st.sampled_from(PERIODS),
    # A cut-off day ("as of yesterday"): any day, or often the day of one of the entries.
    st.one_of(st.dates(date(2026, 9, 30), date(2027, 1, 2)), st.integers(0, 39)),
)


def reference(quotas, entries, teams_in_scope, period, until=None):  # type: ignore[no-untyped-def]
    """(team code, score, uncapped, {indicator: (target, achieved)}) in rank order."""
    rows = []
    for team in teams_in_scope:
        cells = {}
        for indicator, target in enumerate(quotas[team]):
            if target is None:
                continue
            achieved = sum(
                value
                for t, i, day, value, superseded in entries
                if t == team
                and i == indicator
                and day in period
                and (until is None or day <= until)
                and not superseded
            )
            cells[f"i{indicator}"] = (target, achieved)
        if cells:
            ratios = [Fraction(1) if t == 0 else Fraction(a, t) for t, a in cells.values()]
            score = sum(min(r, Fraction(1)) for r in ratios) / len(ratios)
            uncapped = sum(ratios) / len(ratios)
            rows.append((f"T{team}", score, uncapped, cells))
        else:
            rows.append((f"T{team}", None, None, {}))
    scored = sorted((r for r in rows if r[1] is not None), key=lambda r: (-r[1], -r[2], r[0]))
    return scored + sorted((r for r in rows if r[1] is None), key=lambda r: r[0])


def _load(session, quotas, entries, period) -> None:  # type: ignore[no-untyped-def]
    for model in (ReportEntry, InboundMessage, Quota, TeamUnit, Team, Indicator, Unit):
        session.execute(delete(model))
    session.execute(
        insert(Unit),
        [
            {"id": 1, "code": "P", "name": "P", "level": "province", "parent_id": None},
            {"id": 2, "code": "C1", "name": "C1", "level": "commune", "parent_id": 1},
            {"id": 3, "code": "C2", "name": "C2", "level": "commune", "parent_id": 1},
            *[
                {
                    "id": 10 + t,
                    "code": f"V{t}",
                    "name": f"V{t}",
                    "level": "village",
                    "parent_id": 2 if t % 2 == 0 else 3,
                }
                for t in range(TEAMS)
            ],
        ],
    )
    teams = range(len(quotas))
    session.execute(
        insert(Team),
        [{"id": t + 1, "code": f"T{t}", "name": f"T{t}", "level": "village"} for t in teams],
    )
    session.execute(insert(TeamUnit), [{"team_id": t + 1, "unit_id": 10 + t} for t in teams])
    session.execute(
        insert(Indicator),
        [
            {"id": i + 1, "code": f"i{i}", "name": f"i{i}", "pillar": "economy", "aliases": []}
            for i in range(INDICATORS)
        ],
    )
    quota_rows = [
        {
            "team_id": t + 1,
            "indicator_id": i + 1,
            "period": str(period),
            "starts_on": period.start,
            "ends_on": period.end,
            "target_kind": "count",
            "target_value": target,
            "resolved_target": target,
        }
        for t in teams
        for i, target in enumerate(quotas[t])
        if target is not None
    ]
    if quota_rows:
        session.execute(insert(Quota), quota_rows)
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    session.execute(
        insert(InboundMessage),
        [
            {
                "id": 1,
                "channel": "t",
                "chat_id": "c",
                "message_id": "m",
                "text": "",
                "sent_at": moment,
                "raw": {},
                "status": "counted",
            }
        ],
    )
    entry_rows = [
        {
            "team_id": t + 1,
            "indicator_id": i + 1,
            "local_date": day,
            "value": value,
            "sent_at": moment,
            "officer": "o",
            "superseded_by_id": 1 if superseded else None,
        }
        for t, i, day, value, superseded in entries
        if t < len(quotas)
    ]
    if entry_rows:
        session.execute(insert(ReportEntry), entry_rows)
    session.flush()


def _same(standing, expected) -> None:  # type: ignore[no-untyped-def]
    assert [row.team for row in standing.rows] == [r[0] for r in expected]
    for row, (_code, score, uncapped, cells) in zip(standing.rows, expected, strict=True):
        assert {k: tuple(v) for k, v in row.indicators.items()} == cells
        if score is None:
            assert row.score is None and row.rank is None
        else:
            assert abs(row.score - float(score)) < 1e-9
            assert abs(row.uncapped - float(uncapped)) < 1e-9


def test_sql_standing_equals_the_reference(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = session_factory(engine)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(world)
    def check(case) -> None:  # type: ignore[no-untyped-def]
        quotas, entries, scope_index, period, until = case
        entries = [e for e in entries if e[0] < len(quotas)]
        if isinstance(until, int):
            until = entries[until % len(entries)][2] if entries else date(2026, 11, 15)
        with sessions() as session:
            _load(session, quotas, entries, period)
            scope = session.get(Unit, 1 if scope_index == 0 else 2)
            assert scope is not None
            # The whole period and, from the same scan, the period cut off at `until`.
            whole, cut = compute_standings(
                session, scope, period, date(2026, 11, 30), DEFAULT_DEADLINES, [None, until]
            )
            totals = rollup(session, scope, period)
            session.rollback()
        in_scope = [t for t in range(len(quotas)) if scope_index == 0 or t % 2 == 0]
        _same(whole, reference(quotas, entries, in_scope, period))
        _same(cut, reference(quotas, entries, in_scope, period, until))
        assert totals == whole.totals

    check()
    engine.dispose()
