"""Time the leaderboard and the digests on a generated store, beside a bare GROUP BY.

    python benchmarks/generate.py --size province --db sqlite:////tmp/province.db
    python benchmarks/bench_standing.py --db sqlite:////tmp/province.db

Targets (province size): the leaderboard in at most 1 s, the digests of every unit chat
of the province in at most 5 s. Each figure is printed with its ratio to the bare
`SELECT team_id, indicator_id, sum(value) … GROUP BY` over the same month, run the same way.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date

from click.testing import CliRunner
from sqlalchemy import select, text

from tracker.cli.main import cli
from tracker.config import load_settings
from tracker.digest import build_unit_digest, render_digest, unit_chat_digests
from tracker.hierarchy import find_unit, subtree_unit_ids
from tracker.periods import Period
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import Chat, Unit

BARE = (
    "SELECT team_id, indicator_id, sum(value) FROM report_entries "
    "WHERE local_date BETWEEN :start AND :end GROUP BY team_id, indicator_id"
)


def timed(action: Callable[[], object], repeat: int = 3) -> float:
    """The best of `repeat` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scope", default="P0")
    parser.add_argument("--period", default="2026-11")
    parser.add_argument("--date", default="2026-11-22")
    args = parser.parse_args()
    engine = make_engine(args.db)
    sessions = session_factory(engine)
    period = Period.parse(args.period)
    day = date.fromisoformat(args.date)
    settings = load_settings(db_url=args.db)

    def bare() -> None:
        with engine.connect() as connection:
            connection.execute(text(BARE), {"start": period.start, "end": period.end}).all()

    runner = CliRunner()
    command = [
        "--db",
        args.db,
        "leaderboard",
        "--scope",
        args.scope,
        "--period",
        args.period,
        "--date",
        args.date,
        "--format",
        "json",
    ]

    def leaderboard() -> None:
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output

    with sessions() as session:
        scope = find_unit(session, args.scope)
        chat_units = session.scalars(
            select(Unit)
            .join(Chat, Chat.unit_id == Unit.id)
            .where(Unit.id.in_(subtree_unit_ids(scope.id)), Chat.active.is_(True))
            .distinct()
        ).all()

        def digests() -> None:
            for _chat, digest in unit_chat_digests(session, day, settings):
                render_digest(digest, "vi", 4096)

        def digests_one_by_one() -> None:
            for unit in chat_units:
                render_digest(build_unit_digest(session, unit, day, settings), "vi", 4096)

        entries = session.execute(text("SELECT count(*) FROM report_entries")).scalar_one()
        figures = [
            ("bare GROUP BY (one month)", timed(bare)),
            ("tracker leaderboard (json)", timed(leaderboard)),
            (f"digests of {len(chat_units)} unit chats", timed(digests)),
            ("  the same, one call per unit", timed(digests_one_by_one, repeat=1)),
        ]
    base = figures[0][1]
    print(f"{engine.dialect.name}: {entries:,} entries, scope {args.scope}, period {args.period}")
    for name, seconds in figures:
        print(f"  {name:<32} {seconds * 1000:9.1f} ms  ×{seconds / base:6.1f}")


if __name__ == "__main__":
    main()
