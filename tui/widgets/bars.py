"""Progress shown as text: a percentage and a bar that fit in a table cell."""

from __future__ import annotations

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
