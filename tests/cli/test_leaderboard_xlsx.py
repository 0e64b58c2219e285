"""The xlsx export: opens in openpyxl, right numbers and formats, evidence adds up."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

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
    assert book.sheetnames == ["ranking", "evidence"]
    ranking, evidence = book["ranking"], book["evidence"]
    assert ranking.freeze_panes == "A2" and evidence.freeze_panes == "A2"
    assert ranking.column_dimensions["C"].width == 36
    headers = [c.value for c in ranking[1]]
    assert headers[:6] == ["rank", "team", "name", "units", "score", "uncapped"]
    score = ranking.cell(row=3, column=5)
    assert score.value == 0.75 and score.number_format == "0.0%"
    hostile = next(row for row in ranking.iter_rows(min_row=2) if row[1].value == "X_HOSTILE")
    assert hostile[2].value == '=HYPERLINK("http://x") & <b>' and hostile[2].data_type == "s"

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
