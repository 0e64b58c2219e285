"""The plans of the pipeline's and the standing's queries stay index-bound as the store
grows tenfold: the evidence behind the README's "Scale" section, which keeps one
unpartitioned table each for `report_entries` and `inbound_messages` (issue 18, item 6).

A store of past years (the world's teams, five years of entries and processed messages)
is analysed and the queries that processing edits and new reports, the leaderboard, a
digest and the overdue list run are caught and explained. Then both tables grow to ten
times their rows, the store is analysed again and the same statements explained again.

On PostgreSQL the small store is explained with sequential scans discouraged (at a few
thousand rows a whole-table read is rightly the cheapest, so the plan asked of it is the
one its indexes give), the tenfold store with the planner's own choice: it must then pick
an index by itself. At neither size may a plan read `report_entries` or
`inbound_messages` whole, and the tenfold plans read both through indexes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, UNIT_CHAT, msg
from tracker.config import Settings
from tracker.journal import record
from tracker.reports.pipeline import process_pending
from tracker.store.engine import make_engine, session_factory

WATCHED = ("report_entries", "inbound_messages")
SENDERS = [(TEAM_CHAT, "1001"), (TEAM_CHAT, "1002"), (UNIT_CHAT, "1003"), (UNIT_CHAT, "1005")]
REPORTS = 300  # this autumn's reports, processed before the store is measured
EDITS = 30
PAST = 10_000  # rows of past years in each watched table, before growing tenfold
SQLITE_FULL = re.compile(r"^SCAN (\w+)")
SQLITE_INDEXED = re.compile(r"^(?:SEARCH|SCAN) (\w+) USING (?:COVERING |INTEGER PRIMARY KEY|INDEX)")
# A scan of the partial index of pending rows reads those rows only: not a full scan.
PARTIAL = "INDEX ix_inbound_messages_pending"
PG_FULL = re.compile(r"Seq Scan on (\w+)")
PG_INDEXED = re.compile(r"(?:Index Scan|Index Only Scan|Bitmap Heap Scan)(?: using \w+)? on (\w+)")


@contextmanager
def caught(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The single-row statements run on `engine` meanwhile that read a watched table."""
    statements: list[tuple[str, Any]] = []

    def catch(
        _c: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool
    ) -> None:
        reads = statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH"))
        seen = any(statement == known for known, _ in statements)  # one plan per statement
        if not many and reads and not seen and any(table in statement for table in WATCHED):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", catch)


def autumn(
    sessions: sessionmaker[Session], settings: Settings
) -> dict[int, tuple[str, str, datetime]]:
    """This autumn's reports from every sender, processed: message id → chat, sender, time."""
    rng = random.Random(18)
    start = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)
    messages = []
    for number in range(REPORTS):
        chat, sender = rng.choice(SENDERS)
        words = f"/bc {rng.choice(['ttdt', 'dvc'])} {rng.randint(1, 9)}"
        at = start + timedelta(minutes=number * 370)
        messages.append(msg(number + 1, words, sender=sender, chat=chat, at=at))
    with sessions.begin() as session:
        record(session, messages)
    process_pending(sessions, settings)
    return {int(m.message_id): (m.chat_id, str(m.sender_id), m.sent_at) for m in messages}


def edits_and_news(
    sessions: sessionmaker[Session], sent: dict[int, tuple[str, str, datetime]]
) -> None:
    """Edits of recent reports, a stated total and new reports: pending, not processed."""
    rng = random.Random(19)
    messages = []
    for number in rng.sample(range(REPORTS - 100, REPORTS), EDITS):
        chat, sender, at = sent[number + 1]
        words = f"/bc ttdt {rng.randint(1, 9)}"
        messages.append(msg(number + 1, words, sender=sender, chat=chat, at=at, version=1))
    at = datetime(2026, 11, 19, 3, 0, tzinfo=UTC)
    for number in range(20):
        chat, sender = rng.choice(SENDERS)
        words = f"/bc ttdt ={100 + number}" if number == 0 else f"/bc dvc {number % 7 + 1}"
        at_n = at + timedelta(minutes=number)
        messages.append(msg(REPORTS + 10 + number, words, sender=sender, chat=chat, at=at_n))
    with sessions.begin() as session:
        record(session, messages)


def _numbers(dialect: str, count: int) -> str:
    """A FROM item of the numbers 0 … count-1 as column `i`, made by the database."""
    if dialect == "postgresql":
        return f"generate_series(0, {count - 1}) AS n(i)"
    return (
        f"(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < {count})"
        " SELECT i FROM s) AS n"
    )


def _day(dialect: str, days: str) -> str:
    if dialect == "postgresql":
        return f"(date '2021-01-01' + ({days}))"
    return f"date('2021-01-01', '+' || ({days}) || ' days')"


def _minute(dialect: str, minutes: str) -> str:
    if dialect == "postgresql":
        return f"(timestamp '2021-01-01 02:00' + ({minutes}) * interval '1 minute')"
    return f"datetime('2021-01-01 02:00:00', '+' || ({minutes}) || ' minutes')"


def past_years(engine: Engine, messages: int, entries: int) -> None:
    """`messages` processed messages and `entries` entries of the years before this
    autumn (2021 to October 2026), spread over the world's teams and indicators, made by
    the database itself so that growing tenfold takes seconds."""
    dialect = engine.dialect.name
    with engine.begin() as connection:
        first = connection.execute(
            text("SELECT coalesce(max(id), 0) + 1 FROM inbound_messages")
        ).scalar_one()
        stamp = _minute(dialect, "n.i * 7")
        connection.execute(
            text(
                "INSERT INTO inbound_messages (channel, chat_id, message_id, edit_version,"
                " sender_id, text, sent_at, received_at, raw, status, processed_at, source,"
                " forwarded) SELECT 'telegram', '-100' || (n.i % 500),"
                f" 'past' || ({first} + n.i), 0, '' || (n.i % 900), '/bc ttdt 1',"
                f" {stamp}, {stamp}, '{{}}', 'counted',"
                f" {stamp}, 'import', FALSE FROM {_numbers(dialect, messages)}"
            )
        )
        teams = connection.execute(text("SELECT count(*) FROM teams")).scalar_one()
        indicators = connection.execute(text("SELECT count(*) FROM indicators")).scalar_one()
        connection.execute(
            text(
                "INSERT INTO report_entries (team_id, indicator_id, local_date, value, sent_at,"
                " message_id, created_at)"
                f" SELECT t.id, d.id, {_day(dialect, 'n.i % 2129')}, 1 + n.i % 9,"
                f" {_minute(dialect, 'n.i % 2129 * 1440')}, {first} + n.i % {messages},"
                f" {_minute(dialect, 'n.i % 2129 * 1440')} FROM {_numbers(dialect, entries)}"
                " JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM teams) AS t"
                f" ON t.k = n.i % {teams}"
                " JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM indicators)"
                f" AS d ON d.k = (n.i / {teams}) % {indicators}"
            )
        )
        connection.execute(text("ANALYZE"))


def rows(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (
            connection.execute(text("SELECT count(*) FROM inbound_messages")).scalar_one(),
            connection.execute(text("SELECT count(*) FROM report_entries")).scalar_one(),
        )


def plan(engine: Engine, statement: str, parameters: Any, free: bool) -> list[str]:
    """The lines of the plan of `statement`; on PostgreSQL with sequential scans
    discouraged unless `free`."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            found = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            lines = [str(row[-1]) for row in found]
        else:
            if not free:
                connection.exec_driver_sql("SET enable_seqscan = off")
            # The plan a prepared statement ends with (psycopg prepares a statement run
            # five times): made for any parameters, not for these.
            connection.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
            lines = [
                row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
            ]
        connection.rollback()
    return lines


def full_scans(lines: list[str]) -> set[str]:
    found = {m[1] for line in lines if (m := SQLITE_FULL.match(line)) and PARTIAL not in line}
    found |= {m[1] for line in lines if (m := PG_FULL.search(line))}
    return _watched(found)


def indexed(lines: list[str]) -> set[str]:
    found = {m[1] for line in lines if (m := SQLITE_INDEXED.match(line))}
    found |= {m[1] for line in lines if (m := PG_INDEXED.search(line))}
    return _watched(found)


def _watched(names: set[str]) -> set[str]:
    """The watched tables among `names`, an alias such as report_entries_1 as its table."""
    return {table for table in WATCHED for name in names if name.startswith(table)}


def explained(engine: Engine, statements: list[tuple[str, Any]], free: bool) -> list[list[str]]:
    return [plan(engine, statement, parameters, free) for statement, parameters in statements]


def test_the_plans_stay_on_indexes_as_the_store_grows_tenfold(db_url: str) -> None:
    from tracker.digest import build_unit_digest
    from tracker.hierarchy import find_unit
    from tracker.leaderboard import build_leaderboard
    from tracker.periods import Period
    from tracker.standing.overdue import overdue_teams

    engine = make_engine(db_url)
    sessions = session_factory(engine)
    settings = Settings(db_url=db_url)
    with sessions.begin() as session:
        build_world(session)
    sent = autumn(sessions, settings)
    past_years(engine, PAST, PAST)
    edits_and_news(sessions, sent)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))

    with caught(engine) as statements:
        stats = process_pending(sessions, settings)
        with sessions() as session:
            province, commune = find_unit(session, "HD"), find_unit(session, "NH")
            day = date(2026, 11, 20)
            build_leaderboard(session, province, Period.parse("2026-11"), day, settings.deadlines)
            build_unit_digest(session, commune, day, settings)
            overdue_teams(session, province.id, day, settings.deadlines)
    assert stats.counted + stats.review >= EDITS  # the edits were processed, not skipped
    reads = {table for statement, _ in statements for table in WATCHED if table in statement}
    assert reads == set(WATCHED)
    before = explained(engine, statements, free=False)

    # Ten times the rows: the store grows by nine times what it holds now.
    small = rows(engine)
    past_years(engine, 9 * small[0], 9 * small[1])
    grown = rows(engine)
    assert grown == (10 * small[0], 10 * small[1])
    after = explained(engine, statements, free=True)

    problems = []
    for (statement, _), small_plan, big_plan in zip(statements, before, after, strict=True):
        shown = " ".join(statement.split())[:300]
        touched = {table for table in WATCHED if table in statement}
        if scans := full_scans(small_plan) | full_scans(big_plan):
            problems.append(f"reads {', '.join(sorted(scans))} whole: {shown}")
        elif not_indexed := touched - indexed(big_plan) - _only_in_subqueries(big_plan, touched):
            problems.append(f"no index on {', '.join(sorted(not_indexed))} at 10×: {shown}")
    assert problems == [], "\n".join(problems)
    engine.dispose()


def _only_in_subqueries(lines: list[str], touched: set[str]) -> set[str]:
    """Watched tables named in a statement that its plan never reads (a join the planner
    removed, a branch that cannot match): nothing to index."""
    return {table for table in touched if not any(table in line for line in lines)}
