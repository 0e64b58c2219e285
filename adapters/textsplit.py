"""Splitting long text into messages a platform accepts.

Telegram counts UTF-16 code units (an emoji or a rare CJK character counts 2), Zalo
counts characters. Text is cut on paragraph boundaries first, then lines, then spaces,
and only then in the middle of a word, never inside a character as a reader sees it
(a surrogate pair, a letter and its combining accent, an emoji sequence).
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.text import joins

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
    """Cut where a reader sees a boundary: never inside a surrogate pair (str iterates
    code points), nor between a letter and its accent or inside an emoji sequence."""
    pieces: list[str] = []
    start, size = 0, 0
    for index, character in enumerate(text):
        width = measure(character)
        if size + width > limit and index > start:
            cut = index
            while cut > start and joins(text[cut - 1], text[cut]):
                cut -= 1
            size = measure(text[cut:index])
            if cut == start or size + width > limit:  # one "character" as long as the limit
                cut, size = index, 0
            pieces.append(text[start:cut])
            start = cut
        size += width
    if start < len(text):
        pieces.append(text[start:])
    return pieces
