"""Hải Dương's real units before 1 July 2025 and the real mapping of that day (fixtures made
by tests/data/maps/make_haiduong_2025.py from the vietnamadminunits dataset), with teams
reporting in June and August 2025: June ranks as it did, August on the new map."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import Tracker
from tracker.periods import Period
from tracker.store.models import (
    AuditEntry,
    Indicator,
    Quota,
    ReportEntry,
    Team,
    TeamUnit,
    Unit,
    UnitVersion,
)

DATA = Path(__file__).parent.parent / "data" / "maps"
UNITS = DATA / "haiduong_2024_units.csv"
MAPPING = DATA / "haiduong_2025_reorganize.csv"
JUNE, AUGUST = Period.parse("2025-06"), Period.parse("2025-08")


def _mapping() -> tuple[dict[str, list[str]], dict[str, str]]:
    """new code -> old communes going wholly into it; old commune -> its district."""
    with MAPPING.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with UNITS.open(encoding="utf-8") as handle:
        district = {row["code"]: row["parent"] for row in csv.DictReader(handle)}
    split = {
        code
        for code in (r["old_code"] for r in rows)
        if sum(r["old_code"] == code for r in rows) > 1
    }
    sources: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["new_code"] and row["old_code"] not in split and len(row["old_code"]) == 5:
            sources[row["new_code"]].append(row["old_code"])
    return sources, district


def _merged_group() -> tuple[str, list[str]]:
    """A new commune that reuses the code of one of the three or more it merges."""
    sources, _ = _mapping()
    return next(
        (code, olds) for code, olds in sorted(sources.items()) if code in olds and len(olds) >= 3
    )


@pytest.fixture
def haiduong(tracker: Tracker) -> Tracker:
    tracker.ok("import", "units", str(UNITS))
    new_code, olds = _merged_group()
    _, district = _mapping()
    other = next(code for code in sorted(district) if len(code) == 5 and code not in olds)
    with tracker.sessions().begin() as session:
        units = {unit.code: unit for unit in session.scalars(select(Unit))}
        village = Unit(code="V1", name="Thôn Một", level="village", parent=units[new_code])
        session.add(village)
        indicator = Indicator(code="ttdt", name="Thanh toán điện tử", pillar="economy", unit="")
        session.add(indicator)
        teams = {
            code: Team(
                code=f"T{code}",
                name=f"Tổ {units[code].name}",
                level="commune",
                units=[units[code]],
                active_from=date(2025, 1, 1),
            )
            for code in [*olds, other]
        }
        teams["V1"] = Team(
            code="TV1",
            name="Tổ thôn Một",
            level="village",
            units=[village],
            active_from=date(2025, 1, 1),
        )
        session.add_all(teams.values())
        for n, team in enumerate(teams.values()):
            for period, value in ((JUNE, 10 + n), (AUGUST, 20 + 2 * n)):
                session.add(
                    Quota(
                        team=team,
                        indicator=indicator,
                        period=str(period),
                        starts_on=period.start,
                        ends_on=period.end,
                        target_kind="count",
                        target_value=Decimal(40),
                        resolved_target=40,
                    )
                )
                day = period.start.replace(day=10)
                session.add(
                    ReportEntry(
                        team=team,
                        indicator=indicator,
                        local_date=day,
                        value=value,
                        sent_at=datetime(day.year, day.month, day.day, 3, tzinfo=UTC),
                        officer="Cán bộ xã",
                    )
                )
    return tracker


def _board(tracker: Tracker, scope: str, period: Period) -> dict[str, object]:
    result = tracker.ok(
        "leaderboard", "--scope", scope, "--period", str(period), "--format", "json"
    )
    document: dict[str, object] = json.loads(result.output)
    return document


def _achieved(document: dict[str, object]) -> int:
    teams = document["teams"]
    assert isinstance(teams, list)
    return sum(team["indicators"]["ttdt"]["achieved"] for team in teams)


def _counts(tracker: Tracker) -> tuple[int, ...]:
    with tracker.sessions()() as session:
        found = [
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Unit, UnitVersion, TeamUnit, AuditEntry)
        ]
        found.append(session.scalar(select(func.count()).where(Unit.valid_to.is_not(None))) or 0)
        return tuple(found)


def test_june_ranks_as_before_and_august_on_the_new_map(haiduong: Tracker) -> None:
    new_code, olds = _merged_group()
    _, district = _mapping()
    old_district = district[olds[0]]
    scopes = ("30", old_district, new_code)
    june_before = {scope: _board(haiduong, scope, JUNE) for scope in scopes}
    assert {t["team"] for t in june_before[new_code]["teams"]} == {f"T{new_code}", "TV1"}

    before = _counts(haiduong)
    dry = haiduong.ok("reorganize", str(MAPPING), "--effective", "2025-07-01", "--dry-run")
    assert "Chạy thử: chưa ghi gì." in dry.output
    assert "31 Thành phố Hải Phòng ← 30" in dry.output
    assert _counts(haiduong) == before  # the dry run wrote nothing

    haiduong.ok("reorganize", str(MAPPING), "--effective", "2025-07-01", "--officer", "Chị Lan")
    after = _counts(haiduong)
    assert after != before

    # June: the old province, the dissolved district and the merged commune, as before.
    for scope in scopes:
        assert _board(haiduong, scope, JUNE) == june_before[scope]
    # August: the new province holds every team; the reused code names the new commune,
    # which holds the teams of all its old communes and, under it, the village's.
    august = _board(haiduong, "31", AUGUST)
    assert {t["team"] for t in august["teams"]} == {t["team"] for t in june_before["30"]["teams"]}
    merged = _board(haiduong, new_code, AUGUST)
    assert {t["team"] for t in merged["teams"]} == {f"T{code}" for code in olds} | {"TV1"}
    names = {
        day: next(
            line.split(",")[1]
            for line in haiduong.ok("export", "units", "--as-of", day).output.splitlines()
            if line.startswith(f"{new_code},")
        )
        for day in ("2025-06-30", "2025-07-01")
    }
    assert names["2025-06-30"] != names["2025-07-01"]  # one code, two units
    # Totals: nothing counted twice or lost on either side of the date.
    with haiduong.sessions()() as session:
        for period, board in ((JUNE, june_before["30"]), (AUGUST, august)):
            stored = session.scalar(
                select(func.sum(ReportEntry.value)).where(
                    ReportEntry.local_date.between(period.start, period.end)
                )
            )
            assert _achieved(board) == stored
    # The old map is refused for August, naming its dates.
    refused = haiduong("leaderboard", "--scope", old_district, "--period", "2025-08")
    assert refused.exit_code == 1
    assert "– 2025-06-30, không có vào ngày 2025-08-31" in refused.output
    # Once is enough: the second run changes nothing and says so.
    again = haiduong.ok("reorganize", str(MAPPING), "--effective", "2025-07-01")
    assert "Không có gì thay đổi" in again.output
    assert _counts(haiduong) == after
    with haiduong.sessions()() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "reorganize")).one()
        assert entry.actor == "Chị Lan" and entry.after["file"] == str(MAPPING)


def test_no_district_is_valid_after_the_date(haiduong: Tracker) -> None:
    haiduong.ok("reorganize", str(MAPPING), "--effective", "2025-07-01")
    exported = haiduong.ok("export", "units", "--as-of", "2025-08-01").output
    lines = exported.lstrip("\ufeff").splitlines()
    assert lines[0] == "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cha,Số hộ"
    assert not any(",huyện," in line for line in lines)
    assert sum(",31," in line for line in lines) >= 60  # Hải Dương's part of the new city
    june = haiduong.ok("export", "units", "--as-of", "2025-06-30").output
    assert sum(",huyện," in line for line in june.splitlines()) == 12
