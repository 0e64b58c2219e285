"""A report's body: split into items, each understood as an `Item` or a `ReviewItem`."""

from __future__ import annotations

import re

from tracker.reports.language.model import Item, ReviewItem, ReviewReason
from tracker.reports.language.numbers import find_numbers
from tracker.reports.language.vocabulary import Vocabulary, tokenize
from tracker.text import fold

# Separators between items, within a line: ";" and "," but not a comma between two
# digits ("1,200"). Every alternative starts with a literal, which keeps it fast.
_ITEM_SEPARATOR = re.compile(r";|,(?:(?!\d)|(?<!\d,))")
_ITEM_SEPARATOR_OR_PAREN = re.compile(_ITEM_SEPARATOR.pattern + r"|[()]")

# A list marker at the start of an item: "- ", "+ " (a space after it: "-5" is a
# negative number), "• ", "* ", "1. ", "1) ", "1/ ", "a) ", "II. ".
_BULLET = re.compile(
    r"[-+\u2013\u2014]\s+"
    r"|[*\u2022\u00b7\u25aa\u25e6\u2023\u2043\u25ba\u25b8\u25b6\u27a4\u2192]+\s*"
    r"|(?:\d{1,2}|[ivxIVX]{1,4}|[a-zA-Z])[.)/]\s+"
)

_TOTAL_PAIRS = frozenset({("luy", "ke"), ("cong", "don")})


def _is_total(words: list[str], claimed: list[bool], number: int) -> bool:
    """``=45``, or "tổng", "tổng số", "lũy kế", "cộng dồn" anywhere before the number.

    Not "tổng hợp" (summary) nor "tổng kết" (review).
    """
    if number and words[number - 1] == "=":
        return True
    for index in range(number):
        if claimed[index]:
            continue
        word = words[index]
        following = "" if claimed[index + 1] else words[index + 1]
        if word == "tong":
            if following not in ("hop", "ket"):
                return True
        elif word == "luyke" or (word, following) in _TOTAL_PAIRS:
            return True
    return False


def _item(text: str, vocabulary: Vocabulary) -> Item | ReviewItem | None:
    """Understand one item; None when it names neither an indicator nor a number."""
    spaces, words = tokenize(fold(text))
    owners, claimed = vocabulary._claim(spaces, words)
    numbers = find_numbers(spaces, words, claimed)
    if len(owners) == 1 and len(owners[0]) == 1 and len(numbers) == 1:
        index, kind, value = numbers[0]  # the usual case: one alias, one number
        if kind == "count" and value is not None:
            (code,) = owners[0]
            return Item(code, value, _is_total(words, claimed, index), text)
    codes = owners[0] if len(owners) == 1 else frozenset().union(*owners)
    guess: int | None = None
    if numbers:
        counts = [value for _, kind, value in numbers if kind == "count"]
        guess = counts[0] if len(counts) == 1 else None
    if not codes:
        if not numbers:
            return None  # a heading, a greeting, a remark
        return ReviewItem(text, ReviewReason.UNKNOWN_INDICATOR, None, guess)
    if len(codes) > 1:  # two indicators, or one alias that names two
        return ReviewItem(text, ReviewReason.TWO_INDICATORS, None, guess)
    (code,) = codes
    if not numbers:
        return ReviewItem(text, ReviewReason.NO_NUMBER, code, None)
    if len(numbers) > 1:
        return ReviewItem(text, ReviewReason.TWO_NUMBERS, code, guess)
    ((index, kind, value),) = numbers
    if kind == "negative":
        return ReviewItem(text, ReviewReason.NEGATIVE, code, value)
    if kind == "not_a_count" or value is None:
        return ReviewItem(text, ReviewReason.NOT_A_COUNT, code, None)
    return Item(code, value, _is_total(words, claimed, index), text)


def _split_outside_parentheses(line: str) -> list[str]:
    """Split one line into items; commas and semicolons inside (...) do not split."""
    segments: list[str] = []
    start = depth = 0
    for m in _ITEM_SEPARATOR_OR_PAREN.finditer(line):
        mark = m.group()
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth = max(0, depth - 1)
        elif not depth:
            segments.append(line[start : m.start()])
            start = m.end()
    segments.append(line[start:])
    return segments


def _segments(text: str) -> list[str]:
    """Split a body into items: new lines, then ";" and "," (see _ITEM_SEPARATOR)."""
    segments: list[str] = []
    for line in text.splitlines():
        if "," not in line and ";" not in line:
            segments.append(line)
        elif "(" in line:
            segments.extend(_split_outside_parentheses(line))
        else:
            segments.extend(_ITEM_SEPARATOR.split(line))
    return segments


def read_items(
    text: str, vocabulary: Vocabulary, items: list[Item], review: list[ReviewItem]
) -> None:
    """Add the items of `text` to `items` and `review`.

    A monthly report reads its items from several runs of lines, between its sections,
    into one pair of lists.
    """
    for segment in _segments(text):
        written = segment.strip()
        bullet = _BULLET.match(written)
        if bullet is not None:
            written = written[bullet.end() :]
        if not written:
            continue
        result = _item(written, vocabulary)
        if isinstance(result, Item):
            items.append(result)
        elif result is not None:
            review.append(result)
