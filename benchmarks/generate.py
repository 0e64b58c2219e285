"""Deterministic data at scale for the standing benchmarks (and tests, at size `small`).

    python benchmarks/generate.py --size province --db sqlite:////tmp/province.db

Sizes: small (~50 teams, 60 days), province (~1,600 teams: 12 districts, 235 communes,
1,340 villages, 8 indicators, 365 days of reports, ~2 million entries), country (10% of
the country: 6 such provinces, ~9,500 teams, 120 days, under a national root unit `VN`
so that the whole country's leaderboard can be measured). The same seed gives the same
store. Entries go in with executemany on SQLite and COPY on PostgreSQL.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from tracker.periods import Period
from tracker.store.engine import make_engine
from tracker.store.migrate import upgrade
from tracker.store.models import Chat, Indicator, MonthlyReport, Quota, Team, TeamUnit, Unit

INDICATORS = ["ttdt", "dvc", "vneid", "ocop", "sodo", "taphuan", "app", "shop", "ytso", "gd"]


@dataclass(frozen=True)
class Size:
    provinces: int
    districts: int
    communes: int  # per province
    villages: int  # per province
    indicators: int
    days: int
    report_chance: float
    per_report: int  # at most this many indicators per daily report


SIZES = {
    "small": Size(1, 2, 8, 40, 4, 60, 0.6, 3),
    "province": Size(1, 12, 235, 1340, 8, 365, 0.85, 8),
    "country": Size(6, 12, 235, 1340, 10, 120, 0.6, 6),
}
START = date(2026, 1, 1)


def generate(engine: Engine, size_name: str, seed: int = 2026) -> dict[str, int]:
    size = SIZES[size_name]
    rng = random.Random(seed)
    upgrade(engine)
    units: list[dict[str, object]] = []
    teams: list[dict[str, object]] = []
    links: list[dict[str, object]] = []
    chats: list[dict[str, object]] = []
    next_id = iter(range(1, 10**9))
    root = None
    if size.provinces > 1:
        # The store knows four levels; the nation is a province-level unit above the
        # provinces, as a ministry's server would hold it.
        root = _unit(units, next_id, "VN", "province", None, None)
        chats.append(_chat(root))
    for p in range(size.provinces):
        province = _unit(units, next_id, f"P{p}", "province", root and root["id"], None)
        chats.append(_chat(province))
        districts = [
            _unit(units, next_id, f"P{p}D{d}", "district", province["id"], None)
            for d in range(size.districts)
        ]
        chats.extend(_chat(d) for d in districts)
        for c in range(size.communes):
            commune = _unit(
                units, next_id, f"P{p}C{c}", "commune", districts[c % size.districts]["id"], None
            )
            chats.append(_chat(commune))
            _team(teams, links, commune, "commune")
            for v in range(size.villages // size.communes + (c < size.villages % size.communes)):
                village = _unit(
                    units,
                    next_id,
                    f"{commune['code']}V{v}",
                    "village",
                    commune["id"],
                    rng.randint(150, 600),
                )
                _team(teams, links, village, "village")
    codes = INDICATORS[: size.indicators]
    indicators = [
        {
            "id": i,
            "code": code,
            "name": code.upper(),
            "pillar": "economy",
            "unit": "hộ",
            "aliases": [],
            "max_per_report": None,
        }
        for i, code in enumerate(codes, 1)
    ]
    end = START + timedelta(days=size.days - 1)
    months = sorted({(d.year, d.month) for d in _days(START, end)})
    quotas = [
        {
            "team_id": team["id"],
            "indicator_id": ind["id"],
            "period": str(m),
            "starts_on": m.start,
            "ends_on": m.end,
            "target_kind": "count",
            "target_value": target,
            "resolved_target": target,
        }
        for team in teams
        for ind in indicators
        for m in (Period.month(y, mo) for y, mo in months)
        for target in [rng.randint(0, 150) if rng.random() > 0.02 else 0]
    ]
    reports = [
        {
            "team_id": team["id"],
            "month": f"{y}-{mo:02d}",
            "submitted_at": datetime(y, mo, rng.randint(10, 24), 3, 0, tzinfo=UTC),
        }
        for team in teams
        for y, mo in months
        if rng.random() < 0.9
    ]
    with engine.begin() as connection:
        for model, rows in [
            (Unit, units),
            (Team, teams),
            (TeamUnit, links),
            (Indicator, indicators),
            (Quota, quotas),
            (MonthlyReport, reports),
            (Chat, chats),
        ]:
            if rows:
                connection.execute(insert(model), rows)
    count = _insert_entries(engine, _entries(rng, size, teams, len(indicators), end))
    return {"units": len(units), "teams": len(teams), "quotas": len(quotas), "entries": count}


def _unit(
    units: list[dict[str, object]],
    ids: Iterator[int],
    code: str,
    level: str,
    parent: object,
    households: int | None,
) -> dict[str, object]:
    row = {
        "id": next(ids),
        "code": code,
        "name": f"{level.title()} {code}",
        "level": level,
        "parent_id": parent,
        "households": households,
    }
    units.append(row)
    return row


def _team(
    teams: list[dict[str, object]],
    links: list[dict[str, object]],
    unit: dict[str, object],
    level: str,
) -> None:
    team_id = len(teams) + 1
    teams.append(
        {
            "id": team_id,
            "code": f"CNCD_{unit['code']}",
            "name": f"Tổ CNCĐ {unit['code']}",
            "level": level,
        }
    )
    links.append({"team_id": team_id, "unit_id": unit["id"]})


def _chat(unit: dict[str, object]) -> dict[str, object]:
    return {
        "channel": "telegram",
        "chat_id": f"-100{unit['id']:010d}",
        "title": f"CNCĐ_{unit['code']}",
        "unit_id": unit["id"],
        "team_id": None,
        "active": True,
    }


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _entries(
    rng: random.Random, size: Size, teams: list[dict[str, object]], indicators: int, end: date
) -> Iterator[tuple[object, ...]]:
    sent = datetime(2026, 1, 1, 3, 0)
    for team in teams:
        for day in _days(START, end):
            if rng.random() >= size.report_chance:
                continue
            for indicator in rng.sample(
                range(1, indicators + 1), rng.randint(1, min(size.per_report, indicators))
            ):
                yield (team["id"], indicator, day, rng.randint(1, 9), sent, "generator")


def _insert_entries(engine: Engine, rows: Iterator[tuple[object, ...]]) -> int:
    columns = "team_id, indicator_id, local_date, value, sent_at, officer, created_at"
    count = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        raw = connection.connection.driver_connection
        if engine.dialect.name == "postgresql":
            with raw.cursor().copy(f"COPY report_entries ({columns}) FROM STDIN") as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row((*row, now))
                    count += 1
            connection.exec_driver_sql("ANALYZE")
            return count
        cursor = raw.cursor()  # type: ignore[union-attr]
        batch: list[tuple[object, ...]] = []
        sql = f"INSERT INTO report_entries ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?)"
        for day_row in rows:
            team, indicator, day, value, sent, officer = day_row
            batch.append(
                (
                    team,
                    indicator,
                    day.isoformat(),
                    value,
                    sent.isoformat(" "),  # type: ignore[attr-defined]
                    officer,
                    now.isoformat(" "),
                )
            )
            if len(batch) == 100_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        cursor.executemany(sql, batch)
        count += len(batch)
        connection.exec_driver_sql("ANALYZE")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--db", required=True, help="an empty store's URL")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = generate(make_engine(args.db), args.size, args.seed)
    print(f"{args.size}: {counts} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
