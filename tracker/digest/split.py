"""Fitting text to a channel: a percentage bar, HTML escaping, and splitting at paragraphs."""

from __future__ import annotations

import html
import math

# Characters per message: Telegram's sendMessage and the Zalo bot's.
LIMITS = {"telegram": 4096, "zalo": 2000}
DEFAULT_LIMIT = 2000


def limit_for(channel: str) -> int:
    return LIMITS.get(channel, DEFAULT_LIMIT)


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


def split_message(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` characters, cut only between paragraphs (blank lines).

    A paragraph longer than `limit` on its own is cut between lines, and a line longer
    than `limit` is cut where it must: nothing is ever dropped.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    parts: list[str] = []
    current = ""
    for paragraph in _pieces(text.strip("\n"), limit):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                parts.append(current)
            current = paragraph
    if current:
        parts.append(current)
    return parts


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    for paragraph in (p.strip("\n") for p in text.split("\n\n")):
        if not paragraph:
            continue
        if len(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        chunk = ""
        for line in paragraph.split("\n"):
            while len(line) > limit:
                if chunk:
                    pieces.append(chunk)
                    chunk = ""
                pieces.append(line[:limit])
                line = line[limit:]
            candidate = f"{chunk}\n{line}" if chunk else line
            if len(candidate) <= limit:
                chunk = candidate
            else:
                pieces.append(chunk)
                chunk = line
        if chunk:
            pieces.append(chunk)
    return pieces
