"""A split commune's team put by `tracker reorganize` in the larger part, moved by the
officer to the other part from the same day: earlier months keep it where it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tracker.store.models import AuditEntry


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def split(tracker: Tracker, tmp_path: Path) -> Tracker:
    units = (
        "code,name,level,parent,households\nHD,Tỉnh Hải Dương,tỉnh,,\n"
        "11005,Xã Nam Hưng,xã,HD,1000\n"
    )
    mapping = (
        "old_code,new_code,new_name,new_level,new_parent,households\n"
        "11005,11006,Xã Nam Hưng Bắc,xã,HD,600\n11005,11007,Xã Nam Hưng Nam,xã,HD,400\n"
    )
    tracker.ok("import", "units", _write(tmp_path / "u.csv", units))
    tracker.ok(
        "import",
        "teams",
        _write(
            tmp_path / "t.csv", "code,name,units,active_from\nT_NH,Tổ Nam Hưng,11005,2025-01-01\n"
        ),
    )
    tracker.ok("reorganize", _write(tmp_path / "r.csv", mapping), "--effective", "2025-07-01")
    return tracker


def _ranked(tracker: Tracker, scope: str, day: str) -> list[str]:
    result = tracker.ok("digest", "--scope", scope, "--date", day, "--format", "json")
    return [row["team"] for row in json.loads(result.output)["ranking"]]


def test_relink_moves_a_team_from_a_date_and_keeps_the_past(split: Tracker) -> None:
    assert _ranked(split, "11006", "2025-08-20") == ["T_NH"]  # the larger part, by households
    moved = split.ok("teams", "relink", "T_NH", "--units", "11007", "--effective", "2025-07-01")
    assert moved.output.strip() == "Tổ T_NH phủ 11007 từ 2025-07-01."
    assert _ranked(split, "11007", "2025-08-20") == ["T_NH"]
    assert _ranked(split, "11006", "2025-08-20") == []
    assert _ranked(split, "11005", "2025-06-20") == ["T_NH"]  # June: the old commune's
    again = split.ok("teams", "relink", "T_NH", "--units", "11007", "--effective", "2025-07-01")
    assert "không có gì thay đổi" in again.output
    with split.sessions()() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.before, AuditEntry.after).where(
                AuditEntry.entity == "team", AuditEntry.action == "relink"
            )
        ).all()
    assert [(a, b["units"], c["units"]) for a, b, c in entries] == [
        ("relink", ["11006"], ["11007"])
    ]


def test_relink_refuses_in_one_line(split: Tracker) -> None:
    village = split("teams", "relink", "T_NH", "--units", "HD", "--effective", "2025-07-01")
    assert village.exit_code == 1
    assert village.output.strip().count("\n") == 0 and "Traceback" not in village.output
    assert "T_NH" in village.output and "HD" in village.output
    ended = split("teams", "relink", "T_NH", "--units", "11005", "--effective", "2025-08-01")
    assert ended.exit_code == 1 and "11005" in ended.output and "2025-06-30" in ended.output
