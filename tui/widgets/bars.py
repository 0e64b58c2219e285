"""Progress shown as text (a percentage, a bar that fits in a table cell) and as a chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
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


def date_axis(first: date, days: int, width: int, every: int = 7) -> str:
    """A line of dates (`01/11`) under a chart of `days` values drawn across `width`
    columns, each below the column its day is drawn in; one every `every` days, fewer
    when they would touch."""
    line = [" "] * width
    end = -1
    for day in range(0, days, every):
        column = day * width // max(days, 1)
        label = (first + timedelta(days=day)).strftime("%d/%m")
        if column <= end or column + len(label) > width:
            continue
        line[column : column + len(label)] = label
        end = column + len(label)
    return "".join(line).rstrip()


class DailyChart(Vertical):
    """A caption line over a sparkline of one value per day, oldest on the left, and the
    dates of those days under it."""

    DEFAULT_CSS = """
    DailyChart { height: 4; }
    DailyChart > Label { height: 1; padding: 0 1; color: $text-muted; }
    DailyChart > Sparkline { height: 1; margin: 0 1; }
    DailyChart > #chart-axis { padding: 0 1; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first: date | None = None
        self.days = 0

    def compose(self) -> ComposeResult:
        yield Label("", id="chart-caption", markup=False)
        yield Sparkline([], id="chart-line")
        yield Label("", id="chart-axis", markup=False)

    def show(self, caption: str, values: Sequence[int], first: date | None = None) -> None:
        """Draw `values`, the first of them on day `first` (no dates when None)."""
        self.query_one("#chart-caption", Label).update(caption)
        self.query_one("#chart-line", Sparkline).data = list(values)
        self.first, self.days = first, len(values)
        self.draw_axis()

    def draw_axis(self) -> None:
        width = self.query_one("#chart-line", Sparkline).size.width
        text = ""
        if self.first is not None and self.days and width:
            text = date_axis(self.first, self.days, width)
        self.query_one("#chart-axis", Label).update(text)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.draw_axis)  # the sparkline's new width

    @property
    def values(self) -> list[float]:
        return list(self.query_one("#chart-line", Sparkline).data or [])
