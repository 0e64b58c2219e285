"""Fitting text to a channel: a percentage bar, HTML escaping, and splitting at paragraphs.

How long a message may be, and how its length is counted, is the channel adapter's to
say (`Capabilities.max_text_length` and `text_length`): Telegram counts UTF-16 code
units, so a digest cut by code points could come out over its limit and go out as more
messages than it was cut into.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from tracker.text import joins

if TYPE_CHECKING:
    from adapters.base import Capabilities

Measure = Callable[[str], int]

# For a channel whose adapter cannot be loaded: short, and counted the stricter way.
DEFAULT_LIMIT = 2000


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@cache
def _capabilities(channel: str) -> Capabilities | None:
    """The channel's adapter's capabilities; None when no adapter of that name loads."""
    # Loaded when a digest is cut for a channel, not by every command that shows one.
    from adapters.base import Capabilities
    from adapters.registry import UnknownAdapter, load_adapter

    try:
        capabilities = load_adapter(channel).capabilities
    except (UnknownAdapter, ImportError, AttributeError):
        return None
    return capabilities if isinstance(capabilities, Capabilities) else None


def limit_for(channel: str) -> int:
    """How long one message on `channel` may be, in the channel's own unit."""
    capabilities = _capabilities(channel)
    return capabilities.max_text_length if capabilities else DEFAULT_LIMIT


def measure_for(channel: str) -> Measure:
    """How `channel` counts a text's length against `limit_for(channel)`."""
    capabilities = _capabilities(channel)
    return capabilities.text_length if capabilities else _utf16_units


def percent(ratio: float) -> int:
    """A whole percentage, halves rounded up (0.525 -> 53)."""
    return math.floor(ratio * 100 + 0.5 + 1e-9)


def bar(ratio: float, width: int = 10) -> str:
    """`▓▓▓▓▓░░░░░ 52%`: the bar is capped at full, the number is not."""
    filled = min(width, max(0, math.floor(ratio * width + 0.5 + 1e-9)))
    return "▓" * filled + "░" * (width - filled) + f" {percent(ratio)}%"


def escape(text: str) -> str:
    """Safe inside Telegram's HTML parse mode: &, < and > become entities."""
    return html.escape(text, quote=False)


def split_message(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Parts of at most `limit` by `measure`, cut only between paragraphs (blank lines).

    A paragraph longer than `limit` on its own is cut between lines, and a line longer
    than `limit` is cut where it must, but never inside a character: not between a
    letter and its combining accent, nor inside an emoji. Nothing is ever dropped.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    parts: list[str] = []
    current = ""
    for paragraph in _pieces(text.strip("\n"), limit, measure):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if measure(candidate) <= limit:
            current = candidate
        else:
            if current:
                parts.append(current)
            current = paragraph
    if current:
        parts.append(current)
    return parts


def _pieces(text: str, limit: int, measure: Measure) -> list[str]:
    pieces: list[str] = []
    for paragraph in (p.strip("\n") for p in text.split("\n\n")):
        if not paragraph:
            continue
        if measure(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        chunk = ""
        for line in paragraph.split("\n"):
            while measure(line) > limit:
                if chunk:
                    pieces.append(chunk)
                    chunk = ""
                head, line = _cut(line, limit, measure)
                pieces.append(head)
            candidate = f"{chunk}\n{line}" if chunk else line
            if measure(candidate) <= limit:
                chunk = candidate
            else:
                pieces.append(chunk)
                chunk = line
        if chunk:
            pieces.append(chunk)
    return pieces


def _cut(line: str, limit: int, measure: Measure) -> tuple[str, str]:
    """The longest head of `line` within `limit` that ends between two characters as a
    reader sees them, and the rest."""
    end, size = 0, 0
    while end < len(line) and size + measure(line[end]) <= limit:
        size += measure(line[end])
        end += 1
    at = end
    while 0 < at < len(line) and joins(line[at - 1], line[at]):
        at -= 1
    if at == 0:  # one "character" longer than the limit: cut it rather than loop forever
        at = max(end, 1)
    return line[:at], line[at:]
