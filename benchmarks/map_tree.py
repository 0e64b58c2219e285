"""The units screen and the scope picker on a two-level province with a history.

Builds, in a fresh SQLite file, one province of COMMUNES communes of VILLAGES villages each,
all under an ended district until 1 July 2025 (so every commune and village has an earlier
version), then times, over --runs runs (median):

- the province's children on today's map (`roster.child_units`, the tree's first level);
- one commune's children (a branch opened);
- a search of today's units without diacritics (`roster.search_units`, one keystroke);

against the baseline measured in the same run: the same children read from the rows
alone, without dates (what the tree read before the map had a history).

  .venv/bin/python benchmarks/map_tree.py [--communes 120] [--villages 40] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, aliased

from tracker.roster import child_units, search_units
from tracker.store.engine import make_engine, session_factory
from tracker.store.migrate import upgrade
from tracker.store.models import Unit, UnitVersion

CHANGE = date(2025, 7, 1)


def build(session: Session, communes: int, villages: int) -> tuple[int, int]:
    province = Unit(code="HP", name="Thành phố Hải Phòng", level="province")
    district = Unit(code="NS", name="Huyện Nam Sách", level="district", valid_to=CHANGE)
    session.add_all([province, district])
    session.flush()
    district.parent_id = province.id
    rows = [
        {
            "code": f"{10000 + n}",
            "name": f"Xã Nam Hưng {n}",
            "level": "commune",
            "parent_id": province.id,
            "households": 1000,
        }
        for n in range(communes)
    ]
    ids = list(session.scalars(insert(Unit).returning(Unit.id), rows))
    village_rows = [
        {
            "code": f"{10000 + n}-{v}",
            "name": f"Thôn Đông {n}-{v}",
            "level": "village",
            "parent_id": commune_id,
            "households": 100,
        }
        for n, commune_id in enumerate(ids)
        for v in range(villages)
    ]
    session.execute(insert(Unit), village_rows)
    versions = [
        {
            "unit_id": unit_id,
            "valid_from": None,
            "valid_to": CHANGE,
            "name": f"Xã cũ {n}",
            "level": "commune",
            "parent_id": district.id,
            "households": 900,
        }
        for n, unit_id in enumerate(ids)
    ]
    session.execute(insert(UnitVersion), versions)
    session.commit()
    return province.id, ids[0]


def plain_children(session: Session, parent_id: int) -> list[tuple[object, ...]]:
    """The baseline: the rows under a unit, as the tree read them without dates."""
    child = aliased(Unit)
    count = select(func.count(child.id)).where(child.parent_id == Unit.id).scalar_subquery()
    query = select(Unit.id, Unit.code, Unit.name, Unit.level, Unit.households, count).where(
        Unit.parent_id == parent_id
    )
    return [tuple(row) for row in session.execute(query.order_by(Unit.code))]


def median_ms(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--communes", type=int, default=120)
    parser.add_argument("--villages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'map.db'}"
        engine = make_engine(url)
        upgrade(engine)
        sessions = session_factory(engine)
        with sessions() as session:
            province, commune = build(session, args.communes, args.villages)
            district = session.scalars(select(Unit.id).where(Unit.code == "NS")).one()
        with sessions() as session:
            assert len(child_units(session, province)) == args.communes  # no ended district
            figures = {
                "province's children, dated": median_ms(
                    lambda: child_units(session, province), args.runs
                ),
                "province's children, rows only (baseline)": median_ms(
                    lambda: plain_children(session, province), args.runs
                ),
                "a commune's children, dated": median_ms(
                    lambda: child_units(session, commune), args.runs
                ),
                "a commune's children, rows only (baseline)": median_ms(
                    lambda: plain_children(session, commune), args.runs
                ),
                "the district's children on 2025-06-20, dated": median_ms(
                    lambda: child_units(session, district, date(2025, 6, 20)), args.runs
                ),
                "the district's children, rows only (baseline)": median_ms(
                    lambda: plain_children(session, district), args.runs
                ),
                "search 'nam hung 7' in today's units": median_ms(
                    lambda: search_units(session, "nam hung 7"), args.runs
                ),
            }
    units = args.communes * (args.villages + 1) + 2
    print(f"{units} units ({args.communes} communes), median of {args.runs} runs")
    for name, value in figures.items():
        print(f"  {name:45} {value:8.1f} ms")
    base = figures["province's children, rows only (baseline)"]
    print(f"  ratio province dated / baseline: {figures[next(iter(figures))] / base:.1f}x")
    commune_ratio = (
        figures["a commune's children, dated"]
        / figures["a commune's children, rows only (baseline)"]
    )
    print(f"  ratio commune dated / baseline: {commune_ratio:.1f}x")
    past_ratio = (
        figures["the district's children on 2025-06-20, dated"]
        / figures["the district's children, rows only (baseline)"]
    )
    print(f"  ratio past map (versions read) / baseline: {past_ratio:.1f}x")


if __name__ == "__main__":
    main()
