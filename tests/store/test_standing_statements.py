"""A period's standing is a fixed handful of SQL statements, whatever the number of teams:
sums, ratios, scores, monthly-report states and the units each team covers come from the
store in one go, not from a statement (or a Python loop over entries) per team (issue 18).

The statements run are counted with an engine event, on the test world of
tests/standing_data.py and again after forty more teams with quotas, entries and monthly
reports joined the province: the count must not move.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, event, select

from tests.standing_data import populate
from tracker.config import Settings
from tracker.digest import build_unit_digest
from tracker.leaderboard import build_leaderboard
from tracker.periods import Period
from tracker.standing import overdue_teams
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import Indicator, MonthlyReport, Quota, ReportEntry, Team, Unit

MONTH = Period.parse("2026-11")
DAY = date(2026, 11, 22)
# What a scope's leaderboard runs: whether the map has versions then, the ids of the teams
# under the scope, the indicators' names, and the standing itself: teams, cells, scores,
# monthly reports, units and approvals in one statement.
LEADERBOARD = 4
# A unit's digest reads the units under it and their teams (three statements), then the
# standing of today and yesterday in one (three statements, the teams being known), and
# the tasks.
DIGEST = 7
MORE_TEAMS = 40


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(" ".join(str(args[2]).split()))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def grow(engine: Engine) -> None:
    """Forty more village teams in the province, each with quotas, entries and a report."""
    sessions = session_factory(engine)
    with sessions.begin() as session:
        commune = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        indicators = session.scalars(select(Indicator).order_by(Indicator.code)).all()
        for n in range(MORE_TEAMS):
            village = Unit(code=f"V{n}", name=f"Thôn {n}", level="village", parent=commune)
            team = Team(code=f"T{n:02}", name=f"Tổ {n}", level="village", units=[village])
            session.add_all([village, team])
            session.flush()
            for indicator in indicators:
                session.add(
                    Quota(
                        team_id=team.id,
                        indicator_id=indicator.id,
                        period=str(MONTH),
                        starts_on=MONTH.start,
                        ends_on=MONTH.end,
                        target_kind="count",
                        target_value=10,
                        resolved_target=10,
                    )
                )
                for day in (3, 9, 21):
                    session.add(
                        ReportEntry(
                            team_id=team.id,
                            indicator_id=indicator.id,
                            local_date=date(2026, 11, day),
                            value=n % 7 + day % 4,
                            sent_at=datetime(2026, 11, day, 3, 0, tzinfo=UTC),
                            officer="ops",
                        )
                    )
            if n % 2:
                submitted = datetime(2026, 11, 10 + n % 9, 3, 0, tzinfo=UTC)
                session.add(
                    MonthlyReport(team_id=team.id, month=str(MONTH), submitted_at=submitted)
                )


def leaderboard_run(engine: Engine) -> tuple[list[str], list[tuple[str, int | None]]]:
    settings = Settings(db_url=str(engine.url))
    with session_factory(engine)() as session, counted(engine) as statements:
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        statements.clear()
        standing = build_leaderboard(session, province, MONTH, DAY, settings.deadlines)
    return statements, [(row.team, row.rank) for row in standing.rows]


def digest_run(engine: Engine) -> tuple[list[str], list[str]]:
    settings = Settings(db_url=str(engine.url))
    with session_factory(engine)() as session, counted(engine) as statements:
        commune = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        statements.clear()
        digest = build_unit_digest(session, commune, DAY, settings)
    return statements, [row.team for row in digest.overdue]


def test_a_leaderboard_is_a_fixed_handful_of_statements(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        populate(session)
    statements, ranks = leaderboard_run(engine)
    assert ranks[:3] == [
        ("CNCD_PhuKhe_NguHung", 1),
        ("CNCD_HoiYen_NguHung", 2),
        ("CNCD_DongTao_DoanTung", 3),
    ]
    assert len(statements) <= LEADERBOARD, "\n".join(statements)

    grow(engine)
    grown, ranks = leaderboard_run(engine)
    assert len([rank for _team, rank in ranks if rank is not None]) == 3 + MORE_TEAMS
    assert len(grown) == len(statements), "\n".join(grown)
    engine.dispose()


def test_a_digest_is_a_fixed_handful_of_statements(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        populate(session)
    statements, overdue = digest_run(engine)
    assert overdue == ["CNCD_NH"]  # HoiYen and PhuKhe reported; DongTao is not in NH
    assert len(statements) <= DIGEST, "\n".join(statements)

    grow(engine)
    grown, overdue = digest_run(engine)
    # The even teams sent no report: overdue on the 22nd, after the village deadline.
    assert set(overdue) == {"CNCD_NH", *(f"T{n:02}" for n in range(0, MORE_TEAMS, 2))}
    assert len(grown) == len(statements), "\n".join(grown)
    engine.dispose()


def test_the_overdue_list_is_one_statement_after_the_teams(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        populate(session)
    grow(engine)
    with session_factory(engine)() as session, counted(engine) as statements:
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        statements.clear()
        rows = overdue_teams(session, province.id, DAY, Settings(db_url=db_url).deadlines)
    evens = {f"T{n:02}" for n in range(0, MORE_TEAMS, 2)}
    assert {row.team for row in rows} == {"CNCD_NH", "CNCD_DongTao_DoanTung", "X_HOSTILE", *evens}
    assert len(statements) <= 3, "\n".join(statements)
    engine.dispose()
