"""Time the standing's commands on a generated store, as whole processes, beside a bare
GROUP BY over the same teams and month.

    python benchmarks/generate.py --size country --db postgresql+psycopg://…/bench
    python benchmarks/bench_standing.py --db postgresql+psycopg://…/bench --scope P0

Measured, each as a whole `tracker` process (start-up, imports, SQL and Python): the
leaderboard of the scope (a province) and of the root above it (the nation on the
`country` store), a commune's digest, the scope's overdue list, and the digests of every
unit chat under the scope built in one call (a process that calls `build_unit_digests`
once, as the scheduled run does). Beside each, the bare `SELECT team_id, indicator_id,
sum(value) … GROUP BY` over the same month for the teams under that figure's unit, run
in this process, and the ratio of the two: the baseline and the figure cover the same
rows, so the ratio says what the command costs above reading them.

Targets (issue 18): a province's leaderboard ≤ 1 s and ≤ 10× its bare GROUP BY; the
root's (about 9,500 teams) ≤ 3 s; a commune's digest and a province's overdue list ≤ 1 s
each; the digests of every unit chat of a province ≤ 5 s.

The month is the last one the store holds (nearly) whole and the day its 22nd (after
every deadline), unless --period and --date say otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

# Run as a script from anywhere: the project's root is the folder above this one.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, text  # noqa: E402

SUBTREE = (
    "WITH RECURSIVE subtree(id) AS ("
    " SELECT id FROM units WHERE code = :unit AND valid_to IS NULL"
    " UNION ALL SELECT units.id FROM units JOIN subtree ON units.parent_id = subtree.id)"
)
# What any standing has to read at least: the month's totals per team and indicator.
BARE = (
    SUBTREE + " SELECT team_id, indicator_id, sum(value) FROM report_entries"
    " WHERE local_date BETWEEN :start AND :end AND team_id IN"
    " (SELECT team_id FROM team_units WHERE unit_id IN (SELECT id FROM subtree))"
    " GROUP BY team_id, indicator_id"
)
TRACKER = [sys.executable, "-m", "tracker"]


def best_of(action: Callable[[], object], repeat: int) -> float:
    """The best of `repeat` runs, in seconds: the least disturbed by the other load."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def run_process(command: Sequence[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr.strip()[-2000:]}")


def bare_group_by(engine: Engine, unit: str, start: date, end: date) -> Callable[[], int]:
    def run() -> int:
        with engine.connect() as connection:
            rows = connection.execute(text(BARE), {"unit": unit, "start": start, "end": end})
            return len(rows.all())

    return run


def chat_digests(db_url: str, scope: str, day: date) -> int:
    """The digests of every active unit chat under `scope`, built in one call and
    rendered: what the scheduled evening run does for those chats."""
    from sqlalchemy import select

    from tracker.config import load_settings
    from tracker.digest import build_unit_digests, render_digest
    from tracker.hierarchy import find_unit, subtree_unit_ids
    from tracker.store.engine import make_engine, session_factory
    from tracker.store.models import Chat, Unit

    settings = load_settings(db_url=db_url)
    with session_factory(make_engine(db_url))() as session:
        top = find_unit(session, scope)
        units = session.scalars(
            select(Unit)
            .join(Chat, Chat.unit_id == Unit.id)
            .where(Unit.id.in_(subtree_unit_ids(top.id)), Chat.active.is_(True))
            .distinct()
        ).all()
        for digest in build_unit_digests(session, units, day, settings).values():
            render_digest(digest, settings.language, 4096)
    return len(units)


def describe(engine: Engine, scope: str) -> tuple[str, str, date, int, int]:
    """The root above `scope`, a commune under it, the store's last day, the count of
    entries and of unit chats under the scope."""
    with engine.connect() as connection:
        chain = connection.execute(
            text(
                "WITH RECURSIVE up(id, parent_id, code) AS ("
                " SELECT id, parent_id, code FROM units WHERE code = :unit AND valid_to IS NULL"
                " UNION ALL SELECT units.id, units.parent_id, units.code FROM units"
                " JOIN up ON units.id = up.parent_id) SELECT code FROM up WHERE parent_id IS NULL"
            ),
            {"unit": scope},
        ).scalar()
        if chain is None:
            sys.exit(f"no unit {scope!r} in the store: build it with benchmarks/generate.py")
        commune = connection.execute(
            text(
                SUBTREE + " SELECT units.code FROM units JOIN team_units ON unit_id = units.id"
                " WHERE units.level = 'commune' AND units.id IN (SELECT id FROM subtree)"
                " ORDER BY units.code LIMIT 1"
            ),
            {"unit": scope},
        ).scalar_one()
        last = connection.execute(text("SELECT max(local_date) FROM report_entries")).scalar_one()
        entries = connection.execute(text("SELECT count(*) FROM report_entries")).scalar_one()
        chats = connection.execute(
            text(
                SUBTREE + " SELECT count(DISTINCT unit_id) FROM chats WHERE active"
                " AND unit_id IN (SELECT id FROM subtree)"
            ),
            {"unit": scope},
        ).scalar_one()
    last_day = last if isinstance(last, date) else date.fromisoformat(str(last))
    return chain, commune, last_day, entries, chats


@dataclass
class Figure:
    key: str  # the same for every store: what benchmarks/scale.py lines up
    name: str
    seconds: float  # the whole process
    bare: float  # the bare GROUP BY over the same teams and month


@dataclass
class Run:
    dialect: str
    entries: int
    scope: str
    root: str
    period: str
    day: date
    python: float  # `python -c pass`, a process doing nothing
    figures: list[Figure]
    load: tuple[float, float]  # the 1-minute load average before and after


def measure(
    db_url: str,
    scope: str,
    period_text: str | None = None,
    day_text: str | None = None,
    repeat: int = 3,
) -> Run:
    from tracker.periods import Period
    from tracker.store.engine import make_engine

    engine = make_engine(db_url)
    root, commune, last, entries, chats = describe(engine, scope)
    month = last - timedelta(days=14)  # the last month the store holds (nearly) whole
    period = Period.parse(period_text or f"{month.year}-{month.month:02d}")
    day = (
        date.fromisoformat(day_text) if day_text else min(period.end, period.start.replace(day=22))
    )
    on = ["--date", day.isoformat()]
    db = ["--db", db_url]

    def leaderboard(unit: str) -> list[str]:
        return [*TRACKER, *db, "leaderboard", "--scope", unit, "--period", str(period), *on,
                "--format", "json"]  # fmt: skip

    plan: list[tuple[str, str, str, list[str]]] = [
        ("leaderboard", f"leaderboard of {scope}", scope, leaderboard(scope)),
    ]
    if root != scope:
        plan.append(("root", f"leaderboard of the root {root}", root, leaderboard(root)))
    plan += [
        ("digest", f"digest of commune {commune}", commune,
         [*TRACKER, *db, "digest", "--scope", commune, *on, "--format", "json"]),
        ("overdue", f"overdue list of {scope}", scope,
         [*TRACKER, *db, "overdue", "--scope", scope, *on, "--format", "json"]),
        ("chats", f"digests of {chats} unit chats (one call)", scope,
         [sys.executable, __file__, *db, "--scope", scope, "--date", day.isoformat(),
          "--chat-digests"]),
    ]  # fmt: skip

    load_before = os.getloadavg()[0]
    python = best_of(lambda: run_process([sys.executable, "-c", "pass"]), repeat)
    bare: dict[str, float] = {}
    figures: list[Figure] = []
    for key, name, unit, command in plan:
        if unit not in bare:
            query = bare_group_by(engine, unit, period.start, period.end)
            query()  # warm the cache: the figures after it read warm pages too
            bare[unit] = best_of(query, repeat)
        seconds = best_of(partial(run_process, command), repeat)
        figures.append(Figure(key, name, seconds, bare[unit]))
    engine.dispose()
    load = (load_before, os.getloadavg()[0])
    return Run(engine.dialect.name, entries, scope, root, str(period), day, python, figures, load)


def report(run: Run, repeat: int) -> None:
    print(
        f"{run.dialect}: {run.entries:,} entries, scope {run.scope} (root {run.root}), "
        f"period {run.period}, day {run.day}, best of {repeat}"
    )
    print(f"  {'python -c pass (a process)':<40} {run.python * 1000:8.0f} ms")
    print(f"  {'whole process':<40} {'ms':>8}   {'bare GROUP BY':>13}   ratio")
    for f in run.figures:
        ratio = f.seconds / f.bare
        print(f"  {f.name:<40} {f.seconds * 1000:8.0f}   {f.bare * 1000:10.1f} ms   ×{ratio:6.1f}")
    print(f"load average {run.load[0]:.2f} before, {run.load[1]:.2f} after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", required=True)
    parser.add_argument("--scope", default="P0", help="a province (default P0)")
    parser.add_argument("--period", help="YYYY-MM (default: the store's last month)")
    parser.add_argument("--date", help="YYYY-MM-DD (default: that month's 22nd)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the best)")
    parser.add_argument("--chat-digests", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.chat_digests:  # the child process of the "digests of every unit chat" figure
        chat_digests(args.db, args.scope, date.fromisoformat(args.date))
        return
    report(measure(args.db, args.scope, args.period, args.date, args.repeat), args.repeat)


if __name__ == "__main__":
    main()
