"""The leaderboard's view: which rows show, in which order. Pure, so tests need no app.

Search matches the team's name or code with diacritics and case ignored ("hoi yen" finds
"Hội Yên"); sorting is by one of SORTS or by one indicator ("ind:ttdt", from its column's
header), teams without a score last whatever the direction.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tracker.standing.model import Standing, StandingRow
from tracker.text import fold
from tui.widgets.bars import percent

SORTS = ("rank", "name", "score", "report")
# Report states from best to worst, so that sorting by report puts on-time teams first.
REPORT_ORDER = {"on_time": 0, "late": 1, "not_yet_due": 2, "missing": 3}


def visible_rows(
    rows: Sequence[StandingRow], query: str = "", sort: str = "rank", descending: bool = False
) -> list[StandingRow]:
    """The rows that match `query`, ordered by `sort` (ties keep the ranking's order)."""
    needle = fold(query.strip())
    shown = [r for r in rows if not needle or needle in fold(r.name) or needle in fold(r.team)]
    if sort == "name":
        return sorted(shown, key=lambda r: fold(r.name), reverse=descending)
    if sort == "report":
        return sorted(
            shown, key=lambda r: REPORT_ORDER.get(r.monthly_report or "", 9), reverse=descending
        )
    if sort.startswith("ind:"):
        code = sort[4:]
        having = [r for r in shown if code in r.indicators]
        having.sort(key=lambda r: r.indicators[code].ratio, reverse=not descending)
        return having + [r for r in shown if code not in r.indicators]
    if sort == "score":
        # Highest first by default; teams without a score stay at the bottom.
        scored = [r for r in shown if r.score is not None]
        scored.sort(key=lambda r: r.score or 0.0, reverse=not descending)
        return scored + [r for r in shown if r.score is None]
    ranked = [r for r in shown if r.rank is not None]
    ranked.sort(key=lambda r: r.rank or 0, reverse=descending)
    return ranked + [r for r in shown if r.rank is None]


def next_sort(sort: str) -> str:
    return SORTS[(SORTS.index(sort) + 1) % len(SORTS)] if sort in SORTS else SORTS[0]


def ranking_codes(standing: Standing) -> list[str]:
    """The indicators the ranking has a column for: those with a quota in the scope, or,
    before any quota of the period is set (the 1st of a month), every indicator, so that
    each team reads "–" under each rather than a table with no indicators at all."""
    return standing.indicator_codes or sorted(standing.indicator_names)


def indicator_cells(row: StandingRow, codes: Sequence[str]) -> list[str]:
    """The team's achieved ÷ target per indicator, uncapped ("–" where it has no quota)."""
    return [percent(row.indicators[c].ratio) if c in row.indicators else "–" for c in codes]


class Cell:
    """Plain text for a table cell whose width is known without rendering it.

    A DataTable parses every `str` cell as markup and measures it by rendering, for every
    row it is given; a province's ranking is 1,400 rows by 12 columns, and that work was
    most of the time before the dashboard showed. `str(cell)` is the text.
    """

    __slots__ = ("text", "width")

    def __init__(self, text: str) -> None:
        self.text = text
        self.width = cell_len(text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Cell({self.text!r})"

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.text, no_wrap=True, overflow="ellipsis", end="")
