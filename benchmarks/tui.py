"""Terminal UI timings on the province-size demo store, measured with Pilot.

1. start to dashboard shown: from before the UI modules are imported until the ranking
   of the scope (--scope, default the root) is on screen (target 1.5 s for a province,
   3 s for a nation, such as the `country` store's root, about 9,500 teams);
2. switch scope: from choosing a district until its dashboard is on screen (target 0.3 s);
3. quota grid: from key 3's action with a commune as scope until its quotas show (target
   0.5 s); the action is called directly because Pilot.press adds idle waits of its own.

Also shown, without a target: from the dashboard shown until the overdue list, the
daily chart and the ± column (the month before's scores) are loaded (all come after the
first screenful of the ranking, by design; the ranking's later rows come a page at a time
as the officer scrolls to them). The scope switch and the quota grid are timed after that,
on a dashboard that has finished loading, and each run starts once the threads of the run
before have ended (a thread worker runs to its end even after its app has closed).

The benchmark's own look-ups before the app starts (which district and commune to switch
to, the store's last day of reports) are not the app's: their time is left out of the
start and printed on its own line.

Build the store first, then run:
  tracker --db sqlite:////tmp/prov.db db upgrade
  tracker --db sqlite:////tmp/prov.db demo --size large
  .venv/bin/python benchmarks/tui.py --db sqlite:////tmp/prov.db [--runs 5]
or on a generated store (benchmarks/generate.py), a province of the country and the root:
  .venv/bin/python benchmarks/tui.py --db postgresql+psycopg://…/country --scope P0
  .venv/bin/python benchmarks/tui.py --db postgresql+psycopg://…/country --scope VN
The dashboard's "today" is the store's last day of reports unless --today says.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
# This file is named tui.py: keep its folder off the path so that `tui` is the package.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

import argparse  # noqa: E402 - the clock starts before anything is imported
import asyncio  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402


async def wait_until(pilot: object, ready: Callable[[], bool], limit: float = 30.0) -> float:
    """Pause the test loop until `ready()`; returns the time it took."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    began = time.perf_counter()
    while not ready():
        if time.perf_counter() - began > limit:
            raise TimeoutError("the screen did not show in time")
        await pilot.pause(0.005)
    return time.perf_counter() - began


async def measure(
    db_url: str, started: float, scope: str | None, day: str | None
) -> tuple[float, float, float, float, float]:
    from datetime import date

    from sqlalchemy import func, select
    from textual.widgets import DataTable, Label

    from tracker.config import load_settings
    from tracker.hierarchy import find_unit, subtree_unit_ids
    from tracker.roster import default_scope
    from tracker.store.engine import make_engine, session_factory
    from tracker.store.models import ReportEntry, Team, TeamUnit, Unit
    from tui.app import TrackerApp
    from tui.context import TuiContext

    sessions = session_factory(make_engine(db_url))
    own = time.perf_counter()  # the benchmark's look-ups, left out of the start
    with sessions() as session:
        top = scope or default_scope(session)
        assert top is not None, "the store is empty: build the demo province first"
        # Units of today's map under the scope (the demo's districts ended on 1 July
        # 2025): the first district if there is one, else the scope switch goes to the
        # commune too.
        below = subtree_unit_ids(find_unit(session, top).id)
        commune = session.scalars(
            select(Unit)
            .join(TeamUnit, TeamUnit.unit_id == Unit.id)
            .join(Team, Team.id == TeamUnit.team_id)
            .where(
                Unit.level == "commune",
                Unit.id.in_(below),
                Unit.valid_to.is_(None),
                TeamUnit.valid_to.is_(None),
            )
            .order_by(Unit.code)
        ).first()
        district = (
            session.scalars(
                select(Unit)
                .where(Unit.level == "district", Unit.id.in_(below), Unit.valid_to.is_(None))
                .order_by(Unit.code)
            ).first()
            or commune
        )
        assert district is not None and commune is not None
        district_name, commune_name, commune_code = district.name, commune.name, commune.code
        district_code = district.code
        # The dashboard shows today's month: by default the store's last day of reports,
        # so that a generated store's months are the ones on screen.
        last = session.scalar(select(func.max(ReportEntry.local_date)))
        on = date.fromisoformat(day) if day else (last or date.today())
    own = time.perf_counter() - own
    started += own
    ctx = TuiContext(sessions, load_settings(db_url=db_url), "benchmark", top, today=lambda: on)
    app = TrackerApp(ctx)

    def header_shows(selector: str, name: str) -> Callable[[], bool]:
        def ready() -> bool:
            try:
                label = app.screen.query_one(selector, Label)
            except Exception:
                return False
            return name in str(label.render())

        return ready

    async with app.run_test(size=(100, 30)) as pilot:

        def ranking_shown() -> bool:
            try:
                return app.screen.query_one("#ranking", DataTable).row_count > 0
            except Exception:
                return False

        await wait_until(pilot, ranking_shown)
        dashboard = time.perf_counter() - started

        def complete() -> bool:
            caption = str(app.screen.query_one("#chart-caption", Label).render())
            busy = any(
                worker.group == "compare" and not worker.is_finished for worker in app.workers
            )
            overdue = app.screen.query_one("#overdue", DataTable).row_count > 0
            return overdue and bool(caption) and not busy

        rest = await wait_until(pilot, complete)

        began = time.perf_counter()
        ctx.scope = district_code  # what the scope picker does when a unit is chosen
        app.screen.reload()  # type: ignore[attr-defined]
        await wait_until(pilot, header_shows("#dash-header", district_name))
        switched = time.perf_counter() - began

        ctx.scope = commune_code
        began = time.perf_counter()
        app.action_go("quotas")  # what key 3 runs; pilot.press would add its own idle waits
        await wait_until(pilot, header_shows("#quota-header", commune_name))
        quotas = time.perf_counter() - began
        assert app.screen.query_one("#quotas", DataTable).row_count > 0
    return dashboard, switched, quotas, rest, own


def above_provinces(db_url: str, scope: str | None) -> bool:
    """Whether the scope (the root when None) holds provinces: a nation, as the `country`
    store's root VN, judged against 3 s; a province's dashboard against 1.5 s."""
    from sqlalchemy import text

    from tracker.store.engine import make_engine

    which = "parent.code = :code" if scope else "parent.parent_id IS NULL"
    engine = make_engine(db_url)
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT 1 FROM units child JOIN units parent ON child.parent_id = parent.id"
                f" WHERE child.level = 'province' AND child.valid_to IS NULL AND {which} LIMIT 1"
            ),
            {"code": scope},
        ).first()
    engine.dispose()
    return found is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="sqlite:////tmp/prov.db", help="the demo store's URL")
    parser.add_argument("--scope", help="the unit the dashboard opens on (default: the root)")
    parser.add_argument("--today", help="YYYY-MM-DD (default: the store's last day of reports)")
    parser.add_argument("--runs", type=int, default=3, help="runs after the first (median)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    try:
        first = asyncio.run(measure(args.db, STARTED, args.scope, args.today))
    except Exception as error:  # checked after, not before: the cold start is measured
        if "no such table" in str(error) or "does not exist" in str(error):
            sys.exit(
                f"{args.db} holds no demo store: build it with `tracker --db {args.db} db "
                f"upgrade`, then `tracker --db {args.db} demo --size large`"
            )
        raise
    runs = [first]
    for _ in range(args.runs):
        for thread in threading.enumerate():  # the run before's workers, if any are left
            if thread is not threading.main_thread():
                thread.join(timeout=60)
        runs.append(asyncio.run(measure(args.db, time.perf_counter(), args.scope, args.today)))
    names = ("start to dashboard", "switch scope", "quota grid (commune)")
    targets = (3.0 if above_provinces(args.db, args.scope) else 1.5, 0.3, 0.5)
    print(f"store: {args.db}, scope {args.scope or 'the root'}")
    print(f"{'start to dashboard (cold, imports included)':44} {first[0]:6.3f} s")
    for i, (name, target) in enumerate(zip(names, targets, strict=True)):
        value = statistics.median(run[i] for run in runs[1:] or runs)
        flag = "ok" if value <= target else "OVER"
        print(f"{name + ' (median)':44} {value:6.3f} s  target {target} s  {flag}")
    rest = statistics.median(run[3] for run in runs[1:] or runs)
    print(f"{'then overdue, chart and ± column (median)':44} {rest:6.3f} s")
    own = statistics.median(run[4] for run in runs)
    print(f"{'benchmark look-ups, not counted (median)':44} {own:6.3f} s")
    print(f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
