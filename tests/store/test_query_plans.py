"""Every query the pipeline and the standing run is served by an index, on a store with
planner statistics: edits on a PostgreSQL store that autovacuum had analysed scanned all
the entries twice per edited message, ten times slower ingest (issue 18).

The statements are caught as they run (processing reports and their edits, then the
leaderboard, a digest and the overdue list) and each is explained afterwards on the
analysed store: a full scan of `report_entries` or `inbound_messages` fails the test.
On PostgreSQL sequential scans are discouraged (`enable_seqscan = off`), so that a tiny
test table's plan is the one a province's would be: a sequential scan still chosen
then is one no index can replace.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, UNIT_CHAT, msg
from tracker.config import Settings
from tracker.journal import record
from tracker.reports.pipeline import process_pending
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import InboundMessage, Indicator, ReportEntry, Team, Unit

WATCHED = ("report_entries", "inbound_messages")
SENDERS = [(TEAM_CHAT, "1001"), (TEAM_CHAT, "1002"), (UNIT_CHAT, "1003"), (UNIT_CHAT, "1005")]
Senders = dict[int, tuple[str, str, datetime]]  # message id -> chat, sender, sent at
REPORTS = 1200
BALLAST = 30_000
EDITS = 60
SQLITE_SCAN = re.compile(r"^SCAN (\w+)")
# A scan of the partial index of pending rows reads those rows only: not a full scan.
PARTIAL = "INDEX ix_inbound_messages_pending"
PG_SCAN = re.compile(r"Seq Scan on (\w+)")


@contextmanager
def caught(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The single-row statements run on `engine` meanwhile, with their parameters."""
    statements: list[tuple[str, Any]] = []

    def catch(
        _c: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool
    ) -> None:
        words = statement.lstrip().upper()
        reads = words.startswith(("SELECT", "UPDATE", "DELETE", "WITH"))
        if not many and reads and any(table in statement for table in WATCHED):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", catch)


def fill(sessions: sessionmaker[Session], settings: Settings) -> Senders:
    """A few months of reports from every sender; processed."""
    rng = random.Random(18)
    start = datetime(2026, 8, 1, 2, 0, tzinfo=UTC)
    messages = []
    for number in range(REPORTS):
        chat, sender = rng.choice(SENDERS)
        at = start + timedelta(minutes=number * 140)
        text = f"/bc {rng.choice(['ttdt', 'dvc'])} {rng.randint(1, 9)}"
        messages.append(msg(number + 1, text, sender=sender, chat=chat, at=at))
    with sessions.begin() as session:
        record(session, messages)
    process_pending(sessions, settings)
    return {int(m.message_id): (m.chat_id, str(m.sender_id), m.sent_at) for m in messages}


def edits_and_more(sessions: sessionmaker[Session], senders: Senders) -> None:
    """Edits of recent reports, stated totals and new reports: what processing meets."""
    rng = random.Random(19)
    at = datetime(2026, 11, 19, 3, 0, tzinfo=UTC)
    messages = []
    for number in rng.sample(range(REPORTS - 300, REPORTS), EDITS):
        chat, sender, sent = senders[number + 1]
        messages.append(
            msg(
                number + 1,
                f"/bc ttdt {rng.randint(1, 9)}",
                sender=sender,
                chat=chat,
                at=sent,
                version=1,
            )
        )
    for number in range(40):
        chat, sender = rng.choice(SENDERS)
        text = f"/bc ttdt ={100 + number}" if number % 4 == 0 else f"/bc dvc {number % 7 + 1}"
        messages.append(
            msg(
                REPORTS + 10 + number,
                text,
                sender=sender,
                chat=chat,
                at=at + timedelta(minutes=number),
            )
        )
    with sessions.begin() as session:
        record(session, messages)


def ballast(engine: Engine, rows: int = BALLAST) -> None:
    """Other teams' past years, processed long ago: a province's journal and entries are
    mostly that, and a batch of pending rows is a sliver of them (at a few hundred rows a
    whole-table scan is the cheapest plan, and the planner rightly takes it)."""
    journal, entries = InboundMessage.__table__, ReportEntry.__table__
    at = datetime(2024, 1, 1, 2, 0, tzinfo=UTC)
    with engine.begin() as connection:
        team, indicator = connection.execute(
            select(Team.id, Indicator.id).join(Indicator, Indicator.id > 0).limit(1)
        ).one()
        first = connection.scalar(select(func.coalesce(func.max(journal.c.id), 0))) + 1
        connection.execute(
            journal.insert(),
            [
                {
                    "id": first + n,
                    "channel": "telegram",
                    "chat_id": f"-100{n % 500}",
                    "message_id": str(n),
                    "edit_version": 0,
                    "sender_id": str(n % 900),
                    "text": "/bc ttdt 1",
                    "sent_at": at + timedelta(minutes=n),
                    "received_at": at,
                    "raw": {},
                    "status": "counted",
                    "processed_at": at,
                    "source": "import",
                    "forwarded": False,
                }
                for n in range(rows)
            ],
        )
        connection.execute(
            entries.insert(),
            [
                {
                    "team_id": team,
                    "indicator_id": indicator,
                    "local_date": (at + timedelta(minutes=n)).date(),
                    "value": 1,
                    "sent_at": at + timedelta(minutes=n),
                    "message_id": first + n,
                    "created_at": at,
                }
                for n in range(rows)
            ],
        )
        if engine.dialect.name == "postgresql":  # the ids given above were not drawn
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('inbound_messages', 'id'), "
                "(SELECT max(id) FROM inbound_messages))"
            )


def analyse(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def full_scans(engine: Engine, statement: str, parameters: Any) -> list[str]:
    """The watched tables `statement` reads in full."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            details = [row[-1] for row in plan]
            found = [m[1] for d in details if (m := SQLITE_SCAN.match(d)) and PARTIAL not in d]
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            # The plan a prepared statement ends with (psycopg prepares a statement run
            # five times): made for any parameters, not for these.
            connection.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            found = [m[1] for row in plan if (m := PG_SCAN.search(row[0]))]
        connection.rollback()
    return [table for table in found if table.startswith(WATCHED)]


def unindexed(engine: Engine, statements: list[tuple[str, Any]]) -> list[str]:
    return [
        f"{', '.join(tables)}: {' '.join(statement.split())[:300]}"
        for statement, parameters in statements
        if (tables := full_scans(engine, statement, parameters))
    ]


def test_the_pipeline_and_the_standing_scan_no_whole_table(db_url: str) -> None:
    from tracker.digest import build_unit_digest
    from tracker.leaderboard import build_leaderboard
    from tracker.periods import Period
    from tracker.standing.overdue import overdue_teams

    engine = make_engine(db_url)
    sessions = session_factory(engine)
    settings = Settings(db_url=db_url)
    with sessions.begin() as session:
        build_world(session)
    senders = fill(sessions, settings)
    ballast(engine)
    edits_and_more(sessions, senders)
    analyse(engine)

    with caught(engine) as pipeline:
        stats = process_pending(sessions, settings)
    assert stats.counted + stats.review >= EDITS
    with sessions() as session:  # the edits replaced what their first versions said
        replaced = session.scalar(
            select(func.count()).where(ReportEntry.superseded_by_id.is_not(None))
        )
    assert replaced >= EDITS
    with caught(engine) as standing, sessions() as session:
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        commune = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        day = date(2026, 11, 20)
        build_leaderboard(session, province, Period.parse("2026-11"), day, settings.deadlines)
        build_unit_digest(session, commune, day, settings)
        overdue_teams(session, province.id, day, settings.deadlines)
    assert pipeline and standing

    found = unindexed(engine, pipeline) + unindexed(engine, standing)
    assert found == [], "\n".join(found)
    engine.dispose()


def test_a_large_scopes_standing_reads_the_counted_entries_index(
    db_url: str, monkeypatch: Any
) -> None:
    """A province's teams go to the database as a subquery, not a list (more than
    LISTED_TEAMS of them): every standing read, the leaderboard of a month and of a
    quarter, the digests of every unit, the overdue list, the roll-up, the dashboard's
    chart and the evidence sheet, is still served by indexes; on SQLite the standing's
    sums read the partial index of counted entries alone (migration 0013)."""
    from tracker import hierarchy
    from tracker.digest import build_unit_digests
    from tracker.leaderboard import build_leaderboard
    from tracker.periods import Period
    from tracker.standing import evidence, overdue_teams, rollup
    from tracker.standing import query as standing_query
    from tracker.standing.daily import daily_values

    for module in (hierarchy, standing_query):
        monkeypatch.setattr(module, "LISTED_TEAMS", 0)
    monkeypatch.setattr("tracker.digest.build.LISTED_TEAMS", 0)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    settings = Settings(db_url=db_url)
    with sessions.begin() as session:
        build_world(session)
    fill(sessions, settings)
    ballast(engine)
    analyse(engine)

    day = date(2026, 11, 20)
    with caught(engine) as standing, sessions() as session:
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        units = session.scalars(select(Unit).order_by(Unit.code)).all()
        month = build_leaderboard(
            session, province, Period.parse("2026-11"), day, settings.deadlines
        )
        build_leaderboard(session, province, Period.parse("2026-Q4"), day, settings.deadlines)
        digests = build_unit_digests(session, units, day, settings)
        overdue_teams(session, province.id, day, settings.deadlines)
        totals = rollup(session, province, Period.parse("2026-11"), until=day)
        chart = daily_values(session, hierarchy.scope_team_ids(session, province.id), "ttdt", day)
        listed = list(evidence(session, province.id, Period.parse("2026-11")))
    assert [row.rank for row in month.rows if row.indicators][:1] == [1]
    assert digests[province.id].totals == totals  # the same numbers, two ways
    assert sum(chart) > 0 and listed
    assert unindexed(engine, standing) == [], "\n".join(unindexed(engine, standing))
    if engine.dialect.name == "sqlite":
        sums = [(s, p) for s, p in standing if "json_group_array" in s]
        assert sums
        for statement, parameters in sums:
            with engine.connect() as connection:
                plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                details = [row[-1] for row in plan]
            assert any(
                "report_entries USING COVERING INDEX ix_report_entries_counted" in d
                for d in details
            ), details
    engine.dispose()
