"""The map's history seen from the commands: plain imports keep it, exports round-trip,
villages and their teams merge from a date, and a team founded today owes nothing for
the past (world of tests/standing_data.py; the clock is 2026-11-20)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import Tracker
from tracker.store.models import AuditEntry, Member, Team

EXPORTED = ("units", "teams", "members", "indicators", "quotas", "chats", "tasks")


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _audits(tracker: Tracker) -> int:
    with tracker.sessions()() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_plain_import_refuses_to_rename_a_unit_with_reports(world: Tracker, tmp_path: Path) -> None:
    before = _audits(world)
    renamed = _write(tmp_path / "u.csv", "code,name,level,parent\nNH,Xã Ngũ Hùng Mới,xã,TM\n")
    result = world("import", "units", renamed)
    assert result.exit_code == 1
    assert "u.csv:2" in result.output and "NH" in result.output
    assert "tracker reorganize" in result.output
    # The district above it has reports under it too: moving it is refused the same way.
    moved = _write(tmp_path / "m.csv", "code,name,level,parent\nTM,Huyện Thanh Miện,huyện,\n")
    assert "tracker reorganize" in world("import", "units", moved).output
    assert _audits(world) == before
    # A unit nobody has reported under is still corrected by a plain import.
    world.ok(
        "import", "units", _write(tmp_path / "n.csv", "code,name,level,parent\nX9,Xã Chín,xã,HD\n")
    )
    world.ok(
        "import", "units", _write(tmp_path / "r.csv", "code,name,level,parent\nX9,Xã Mười,xã,HD\n")
    )


@pytest.mark.parametrize("output_format", ["csv", "xlsx"])
def test_importing_an_export_changes_nothing(
    world: Tracker, tmp_path: Path, output_format: str
) -> None:
    world.ok(
        "import",
        "tasks",
        _write(tmp_path / "t.csv", "code,title,due,assignees\nNV1,Cài VNeID,2026-11-30,NH|DT-1\n"),
    )
    before = _audits(world)
    for kind in EXPORTED:
        target = tmp_path / f"{kind}.{output_format}"
        world.ok("export", kind, "--format", output_format, "-o", str(target))
        result = world.ok("import", kind, str(target))
        assert " 0 mới, 0 cập nhật" in result.output, (kind, result.output)
    assert _audits(world) == before


def test_export_of_a_past_map_and_english_headers(world: Tracker, tmp_path: Path) -> None:
    teams = world.ok("export", "teams").output.lstrip("\ufeff").splitlines()
    assert teams[0] == "Mã tổ,Tên tổ,Đơn vị,Hoạt động từ"
    assert "CNCD_HoiYen_NguHung,CNCĐ_Hội Yên_Ngũ Hùng,NH-1," in teams


def _reorganize_villages(world: Tracker, tmp_path: Path) -> None:
    mapping = _write(
        tmp_path / "thon.csv",
        "mã cũ,mã mới,tên mới\nNH-1,NH-12,Thôn Hội Phú\nNH-2,NH-12,Thôn Hội Phú\n",
    )
    dry = world.ok("reorganize", mapping, "--effective", "2026-12-01", "--dry-run")
    assert "NH-12 Thôn Hội Phú ← NH-1, NH-2" in dry.output
    assert "CNCD_HoiYen_NguHung: NH-1 → NH-12" in dry.output
    world.ok("reorganize", mapping, "--effective", "2026-12-01")


def test_village_merger_then_teams_merge(world: Tracker, tmp_path: Path) -> None:
    _reorganize_villages(world, tmp_path)
    merged = world.ok(
        "teams",
        "merge",
        "CNCD_HoiYen_NguHung",
        "CNCD_PhuKhe_NguHung",
        "--into",
        "CNCD_HoiPhu",
        "--name",
        "Tổ CNSCĐ thôn Hội Phú",
        "--effective",
        "2026-12-01",
    )
    assert "CNCD_HoiPhu" in merged.output

    def teams(period: str) -> list[str]:
        args = ("leaderboard", "--scope", "NH", "--period", period, "--format", "json")
        return [row["team"] for row in json.loads(world.ok(*args).output)["teams"]]

    november = teams("2026-11")
    assert {"CNCD_HoiYen_NguHung", "CNCD_PhuKhe_NguHung"} <= set(november)
    assert "CNCD_HoiPhu" not in november
    december = teams("2026-12")
    assert "CNCD_HoiPhu" in december
    assert not {"CNCD_HoiYen_NguHung", "CNCD_PhuKhe_NguHung"} & set(december)
    with world.sessions()() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_HoiPhu")).one()
        assert [unit.code for unit in team.units] == ["NH-12"]
        names = set(session.scalars(select(Member.name).where(Member.team_id == team.id)))
        assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    # Twice is once.
    again = world.ok(
        "teams",
        "merge",
        "CNCD_HoiYen_NguHung",
        "CNCD_PhuKhe_NguHung",
        "--into",
        "CNCD_HoiPhu",
        "--effective",
        "2026-12-01",
    )
    assert again.exit_code == 0


def test_team_founded_today_owes_nothing_for_the_past(world: Tracker, tmp_path: Path) -> None:
    world.ok(
        "import",
        "teams",
        _write(tmp_path / "t.csv", "code,name,units\nCNCD_DT,Tổ xã Đoàn Tùng,DT\n"),
    )
    overdue = json.loads(world.ok("overdue", "--date", "2026-11-20", "--format", "json").output)[
        "overdue"
    ]
    assert "CNCD_DongTao_DoanTung" in [row["team"] for row in overdue]
    assert "CNCD_DT" not in [row["team"] for row in overdue]
    october = world.ok("leaderboard", "--scope", "HD", "--period", "2026-10", "--format", "json")
    assert "CNCD_DT" not in october.output


def test_retired_team_is_not_ranked_after_its_date(world: Tracker) -> None:
    world.ok("teams", "retire", "CNCD_DongTao_DoanTung", "--date", "2026-12-01")

    def ranked(period: str) -> str:
        return world.ok(
            "leaderboard", "--scope", "HD", "--period", period, "--format", "json"
        ).output

    assert "CNCD_DongTao_DoanTung" in ranked("2026-11")
    assert "CNCD_DongTao_DoanTung" not in ranked("2026-12")
