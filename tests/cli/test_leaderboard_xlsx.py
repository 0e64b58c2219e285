"""The xlsx export: opens in openpyxl, right numbers and formats, evidence adds up."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import Tracker
from tests.golden import assert_golden

ARGS = ("leaderboard", "--scope", "HD", "--period", "2026-11", "--date", "2026-11-22")


def _dump(sheet) -> str:  # type: ignore[no-untyped-def]
    """One JSON line per row: each cell's value (floats to 9 places), format and type."""

    def value(cell) -> object:  # type: ignore[no-untyped-def]
        if isinstance(cell.value, float):
            return round(cell.value, 9)
        return cell.value if cell.value is None or isinstance(cell.value, int) else str(cell.value)

    return "".join(
        json.dumps([[value(c), c.number_format, c.data_type] for c in row], ensure_ascii=False)
        + "\n"
        for row in sheet.iter_rows()
    )


def test_xlsx_workbook(world: Tracker, tmp_path: Path) -> None:
    target = tmp_path / "bxh.xlsx"
    world.ok(*ARGS, "--format", "xlsx", "-o", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["Xếp hạng", "Minh chứng"]
    ranking, evidence = book["Xếp hạng"], book["Minh chứng"]
    # A title row with the scope, the period and the day it was made; headers frozen.
    assert ranking["A1"].value == ("BẢNG XẾP HẠNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG · Tỉnh Hải Dương (HD)")
    assert ranking["A2"].value == "Kỳ tháng 11/2026 · lập ngày 20/11/2026"
    assert ranking.freeze_panes == "C4" and evidence.freeze_panes == "A2"
    headers = [c.value for c in ranking[3]]
    assert headers[:6] == ["Hạng", "Mã tổ", "Tên tổ", "Đơn vị", "Điểm", "Điểm chưa giới hạn"]
    assert headers[-1] == "Báo cáo tháng"
    # Widths fit what the column holds: the longest name, not a fixed guess.
    longest = max(len(str(c.value)) for c in ranking["C"][3:] if c.value)
    assert ranking.column_dimensions["C"].width == longest + 2
    score = ranking.cell(row=5, column=5)
    assert score.value == 0.75 and score.number_format == "0.0%"
    target_cell = ranking.cell(row=4, column=7)
    assert isinstance(target_cell.value, int) and target_cell.data_type == "n"
    hostile = next(row for row in ranking.iter_rows(min_row=4) if row[1].value == "X_HOSTILE")
    assert hostile[2].value == '=HYPERLINK("http://x") & <b>' and hostile[2].data_type == "s"
    assert {row[-1].value for row in ranking.iter_rows(min_row=4, max_row=8)} >= {
        "đúng hạn",
        "trễ hạn",
    }
    # A line for signatures under the table.
    signatures = [c.value for c in ranking[ranking.max_row - 1] if c.value]
    assert signatures == ["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"]

    # Every counted entry, and nothing else: the sums are the ranking's achieved counts.
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for team, indicator, value, *_ in evidence.iter_rows(min_row=2, values_only=True):
        sums[(str(team), str(indicator))] += int(value)  # type: ignore[arg-type]
    document = json.loads(world.ok(*ARGS, "--format", "json").output)
    expected = {
        (row["team"], code): cell["achieved"]
        for row in document["teams"]
        for code, cell in row["indicators"].items()
        if cell["achieved"]
    }
    assert dict(sums) == expected
    sources = [row[4].value for row in evidence.iter_rows(min_row=2)]
    assert "telegram:-1001000000002/77" in sources
    assert_golden("leaderboard.xlsx.ranking.jsonl", _dump(ranking))
    assert_golden("leaderboard.xlsx.evidence.jsonl", _dump(evidence))


def test_xlsx_needs_an_output_file(world: Tracker) -> None:
    result = world(*ARGS, "--format", "xlsx")
    assert result.exit_code == 2 and "needs -o FILE" in result.output


def test_xlsx_in_english(world: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_LANGUAGE", "en")
    target = tmp_path / "bxh.xlsx"
    world.ok(*ARGS, "--format", "xlsx", "-o", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["Ranking", "Evidence"]
    assert book["Ranking"]["A2"].value == "Period 2026-11 · made on 2026-11-20"
    assert [c.value for c in book["Ranking"][3]][:3] == ["Rank", "Team code", "Team"]
