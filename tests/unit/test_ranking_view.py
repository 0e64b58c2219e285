"""The leaderboard's view: diacritics-insensitive search and the sort orders."""

from __future__ import annotations

from tracker.standing.model import StandingRow
from tui.widgets.ranking import next_sort, visible_rows


def row(rank: int | None, name: str, score: float | None, report: str | None) -> StandingRow:
    return StandingRow(rank, name.replace(" ", "_"), name, (), score, score, {}, report)


ROWS = [
    row(1, "Hội Yên", 0.9, "on_time"),
    row(2, "Đông Tảo", 0.5, "missing"),
    row(3, "Phú Khê", 0.2, "late"),
    row(None, "Ấp Mới", None, None),
]


def names(rows: list[StandingRow]) -> list[str]:
    return [r.name for r in rows]


def test_search_ignores_diacritics_and_case() -> None:
    assert names(visible_rows(ROWS, "hoi yen")) == ["Hội Yên"]
    assert names(visible_rows(ROWS, "DONG")) == ["Đông Tảo"]
    assert names(visible_rows(ROWS, "  ")) == names(ROWS)
    assert visible_rows(ROWS, "xyz") == []


def test_sorts_keep_unscored_teams_last() -> None:
    assert names(visible_rows(ROWS, sort="rank", descending=True))[-1] == "Ấp Mới"
    assert names(visible_rows(ROWS, sort="score")) == ["Hội Yên", "Đông Tảo", "Phú Khê", "Ấp Mới"]
    assert names(visible_rows(ROWS, sort="score", descending=True))[:3] == [
        "Phú Khê",
        "Đông Tảo",
        "Hội Yên",
    ]
    assert names(visible_rows(ROWS, sort="name")) == ["Ấp Mới", "Đông Tảo", "Hội Yên", "Phú Khê"]
    assert names(visible_rows(ROWS, sort="report"))[:3] == ["Hội Yên", "Phú Khê", "Đông Tảo"]
    assert [next_sort(s) for s in ("rank", "report", "bogus")] == ["name", "rank", "rank"]


def test_sort_by_one_indicator_and_its_cells() -> None:
    from rich.console import Console

    from tracker.standing.model import Progress
    from tui.widgets.ranking import Cell, indicator_cells

    both = {"ttdt": Progress(10, 12), "dvc": Progress(0, 0)}
    rows = [
        StandingRow(1, "a", "A", (), 0.9, 0.9, {"ttdt": Progress(10, 3)}, None),
        StandingRow(2, "b", "B", (), 0.5, 0.5, both, None),
        StandingRow(3, "c", "C", (), 0.2, 0.2, {"dvc": Progress(4, 1)}, None),
    ]
    assert names(visible_rows(rows, sort="ind:ttdt")) == ["B", "A", "C"]  # C has no ttdt quota
    assert names(visible_rows(rows, sort="ind:ttdt", descending=True)) == ["A", "B", "C"]
    assert indicator_cells(rows[1], ["dvc", "ttdt"]) == ["100%", "120%"]  # uncapped
    assert indicator_cells(rows[2], ["dvc", "ttdt"]) == ["25%", "–"]
    cell = Cell("Đông Tảo")
    assert str(cell) == "Đông Tảo"
    console = Console(width=20)
    with console.capture() as captured:
        console.print(cell)
    assert captured.get().rstrip() == "Đông Tảo"
