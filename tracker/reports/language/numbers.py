"""The numbers of an item: counts, and what only looks like one (dates, times, labels)."""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

# Words right before a number that make it a name or a date, not a count: "tháng 10",
# "tuần 3", "ngày 12", "quý 3", "đợt 2", "mức 4", "thôn 3", "xóm 2", "ấp 4", "khóm 1",
# "khu 5", "tổ 5", "tdp 3", "kp 2"; also "mức độ 4", "cấp độ 2", "khu phố 2",
# "tổ dân phố 7", "thôn số 3", and "năm 2026".
_LABEL_WORDS = frozenset(
    "thang tuan ngay quy dot muc thon xom ap khom khu to tdp kp".split()  # noqa: SIM905
)
_LABEL_PAIRS = frozenset({("muc", "do"), ("cap", "do"), ("khu", "pho"), ("dan", "pho")})
_LABEL_TRIGGERS = _LABEL_WORDS | {"nam", "so", "do", "pho"}
_TIME_WORDS = frozenset({"gio", "phut"})  # "8 giờ", "30 phút"
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*")
_MAX_DIGITS = 15  # a longer digit string is an identifier, not a count
_MINUS = frozenset({"-", "\u2212"})

_Kind: TypeAlias = Literal["count", "negative", "not_a_count"]
_Reading: TypeAlias = tuple[_Kind, int | None]
_Number: TypeAlias = tuple[int, _Kind, int | None]  # token index, kind, value
_NOT_A_COUNT: _Reading = ("not_a_count", None)


def _is_date(parts: list[str], separator: str) -> bool:
    """Whether the digit groups of one token are a date: d/m, m/yyyy, d/m/y, ..."""
    if any(len(part) > 4 for part in parts):
        return False
    nums = [int(part) for part in parts]
    lengths = [len(part) for part in parts]
    if len(parts) == 2:
        if separator == "/" and lengths[1] <= 2:
            return 1 <= nums[0] <= 31 and 1 <= nums[1] <= 12  # 5/11
        return lengths[1] == 4 and 1 <= nums[0] <= 12  # 10/2026, 9-2026
    if len(parts) == 3:
        if lengths[0] == 4:  # 2026-11-05
            return 1 <= nums[1] <= 12 and 1 <= nums[2] <= 31
        day_month = 1 <= nums[0] <= 31 and 1 <= nums[1] <= 12
        return day_month and (lengths[2] == 4 or (separator == "/" and lengths[2] == 2))
    return False


def _count(digits: str) -> _Reading:
    return ("count", int(digits)) if len(digits) <= _MAX_DIGITS else _NOT_A_COUNT


def _read_number(written: str) -> list[_Reading]:
    """What one number token says: [] for a date or a time, two for a range."""
    if written.isdecimal():
        return [_count(written)]
    if ":" in written:
        return [] if _CLOCK.fullmatch(written) else [_NOT_A_COUNT]
    for separator in "/-":
        if separator in written:
            parts = written.split(separator)
            if not all(part.isdecimal() for part in parts):
                return [_NOT_A_COUNT]
            if _is_date(parts, separator):
                return []
            if separator == "/":  # 12/15: a share, not a count
                return [_NOT_A_COUNT]
            return [_count(part) for part in parts]  # 5-7: a range is two numbers
    if _THOUSANDS.fullmatch(written):
        return [_count(written.replace(".", "").replace(",", ""))]
    parts = written.split(".")
    if len(parts) == 3 and all(part.isdecimal() for part in parts) and _is_date(parts, "."):
        return []  # 05.11.2026
    return [_NOT_A_COUNT]  # 1,5 / 2.5 / 1.20 / 1.200,5: a decimal


def _is_label(spaces: list[bool], words: list[str], claimed: list[bool], index: int) -> bool:
    """Whether the word(s) before number token `index` make it a name or a date.

    The caller has checked that a word no alias took comes before it, after whitespace.
    """
    number = words[index]
    before = index - 1
    word = words[before]
    if word == "nam":
        return len(number) == 4 and number.isdecimal()  # năm 2026
    if word == "so" and before and spaces[before] and not claimed[before - 1]:
        before -= 1  # thôn số 3
        word = words[before]
    lead = len(number) - len(number.lstrip("0123456789"))
    if not 0 < lead <= 3:
        return False
    if word in _LABEL_WORDS:
        return True
    if before and spaces[before] and not claimed[before - 1]:
        return (words[before - 1], word) in _LABEL_PAIRS
    return False


def find_numbers(spaces: list[bool], words: list[str], claimed: list[bool]) -> list[_Number]:
    """The numbers among the tokens no alias took, and what kind each is."""
    found: list[_Number] = []
    count = len(words)
    skip = -1
    for index, written in enumerate(words):
        if not written[0].isdecimal() or index <= skip or claimed[index]:
            continue
        space = spaces[index]
        free_before = index > 0 and not claimed[index - 1]
        if free_before and not space and words[index - 1][0].isalnum():
            continue  # digits stuck to a word: "T10", "F0", "dvcx12"
        following = words[index + 1] if index + 1 < count else ""
        if following and len(written) <= 2:
            if following in ("h", "g") and not spaces[index + 1]:
                if (
                    index + 2 < count
                    and not spaces[index + 2]
                    and len(words[index + 2]) == 2
                    and words[index + 2].isdecimal()
                ):
                    skip = index + 2  # 8h30, 8g30
                    continue
                if following == "h":
                    skip = index + 1  # 8h
                    continue
            elif following in _TIME_WORDS:
                continue  # 8 giờ, 30 phút
        if (
            free_before
            and space
            and words[index - 1] in _LABEL_TRIGGERS
            and _is_label(spaces, words, claimed, index)
        ):
            continue
        if len(written) <= _MAX_DIGITS and written.isdecimal():
            readings: list[_Reading] = [("count", int(written))]  # the usual case
        else:
            readings = _read_number(written)
            if not readings:
                continue  # a date or a time
        if following == "%":
            found.append((index, "not_a_count", None))  # a share is not a count
            continue
        kind, value = readings[0]
        # A minus stuck to the digits, and not itself stuck to a word or a number on
        # its left ("dvc-5" and "5-7" have hyphens, not minus signs).
        if (
            kind == "count"
            and value is not None
            and index
            and not space
            and words[index - 1] in _MINUS
            and (index == 1 or spaces[index - 1] or not words[index - 2][0].isalnum())
        ):
            readings[0] = ("negative", -value)
        for kind, value in readings:
            found.append((index, kind, value))
    return found
