"""Splitting long text into messages a platform accepts.

Telegram counts UTF-16 code units (an emoji or a rare CJK character counts 2), Zalo
counts characters. Text is cut on paragraph boundaries first, then lines, then spaces,
and only then in the middle of a word, never inside a surrogate pair.
"""

from __future__ import annotations

from collections.abc import Callable

Measure = Callable[[str], int]

_SEPARATORS = ("\n\n", "\n", " ")


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts it."""
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def split_text(text: str, limit: int, measure: Measure = utf16_length) -> list[str]:
    """Pieces of `text`, each at most `limit` long by `measure`, joined they give `text`
    back except for the separators cut on. Empty text gives one empty piece."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    if measure(text) <= limit:
        return [text]
    return [piece for piece in _split(text, limit, measure, 0) if piece.strip()]


def _split(text: str, limit: int, measure: Measure, level: int) -> list[str]:
    if measure(text) <= limit:
        return [text]
    if level == len(_SEPARATORS):
        return _hard_cut(text, limit, measure)
    separator = _SEPARATORS[level]
    pieces: list[str] = []
    current = ""
    for part in text.split(separator):
        candidate = part if not current else current + separator + part
        if measure(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if measure(part) <= limit:
            current = part
        else:
            pieces.extend(_split(part, limit, measure, level + 1))
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _hard_cut(text: str, limit: int, measure: Measure) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for character in text:  # str iterates code points: a surrogate pair is never split
        width = measure(character)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(character)
        size += width
    if current:
        pieces.append("".join(current))
    return pieces
