"""Progress shown as text (a percentage, a bar that fits in a table cell) and as a chart."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

FULL = "█"
EMPTY = "░"


def bar(ratio: float | None, width: int = 10) -> str:
    """A bar of `width` cells, filled in proportion to `ratio` (capped at 1)."""
    if ratio is None:
        return EMPTY * width
    filled = round(min(max(ratio, 0.0), 1.0) * width)
    return FULL * filled + EMPTY * (width - filled)


def percent(ratio: float | None) -> str:
    return "–" if ratio is None else f"{round(ratio * 100)}%"


class DailyChart(Vertical):
    """A caption line over a sparkline of one value per day, oldest on the left."""

    DEFAULT_CSS = """
    DailyChart { height: 3; }
    DailyChart > Label { height: 1; padding: 0 1; color: $text-muted; }
    DailyChart > Sparkline { height: 2; margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="chart-caption", markup=False)
        yield Sparkline([], id="chart-line")

    def show(self, caption: str, values: Sequence[int]) -> None:
        self.query_one("#chart-caption", Label).update(caption)
        self.query_one("#chart-line", Sparkline).data = list(values)

    @property
    def values(self) -> list[float]:
        return list(self.query_one("#chart-line", Sparkline).data or [])
