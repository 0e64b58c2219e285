"""The report language: what team members type in their chats (CONTRACTS §4).

`parse` turns one message into a `ProgressReport`, a `MonthlyReport`, a `TaskDone` or
`Chatter`. It is pure (no I/O, no clock, no store) and never raises. Everything is
compared in folded form (`tracker.text.fold`): case, diacritics, `đ`/`d` and the Unicode
form (NFC or NFD) make no difference; what is kept as text is kept as written.

Keywords (at the start, after whitespace; each must end at a word boundary, so
``bcd 12`` is chat; slash commands may carry Telegram's ``@BotName``):

- task done: ``/xong CODE [note]``, ``#xong``, ``/done``, ``#done``, bare ``xong``;
- monthly: ``/bcthang``, ``#bcthang``, ``báo cáo tháng``, ``bc tháng``,
  ``báo cáo kết quả tháng`` (checked before progress);
- progress: ``/bc``, ``/baocao``, ``#bc``, ``#baocao``, bare ``bc`` or ``báo cáo``.

A bare keyword (no ``/`` or ``#``) on a one-line message ending in ``?`` is a question
about reports, so chat; so is a bare ``xong`` followed by a chat word (``xong rồi``,
``xong chưa``) or by a non-ASCII word (``xong tập huấn``), which cannot be a task code.

A report's body is items, separated by new lines, ``;`` and ``,`` (not a comma between
two digits, nor one inside parentheses); list markers (``- ``, ``+ ``, ``•``, ``1.``,
``a)``, ``II.``) are dropped. An item names one indicator (an alias, longest first, each
word used once) and one number, in either order, among other words:

- ``12``, ``+12``, ``1.200``, ``1,200``, ``12.000.000`` are counts of new work;
  ``=45``, or ``tổng``/``tổng số``/``lũy kế``/``cộng dồn`` before the number, state the
  period's total (not ``tổng hợp``, ``tổng kết``);
- ``1,5``, ``2.5``, ``12%``, ``12/15`` are not counts; ``-5`` is negative; ``5-7`` is two
  numbers; ``1 200`` is two numbers;
- dates (``5/11``, ``05/11/2026``, ``10/2026``), times (``8h30``, ``8h``, ``8:30``,
  ``8 giờ``), digits stuck to a word (``T10``, ``F0``) and numbers named by the word
  before them (``tháng 10``, ``tuần 3``, ``ngày 12``, ``quý 3``, ``đợt 2``, ``mức 4``,
  ``mức độ 4``, ``thôn 3``, ``xóm 2``, ``ấp 4``, ``tổ 5``, ``khu phố 2``,
  ``tổ dân phố 7``, ``năm 2026``) are not numbers at all.

An item with neither an indicator nor a number (a heading, a greeting) is skipped; a
report with nothing understood has one EMPTY review item. A monthly report's month is
the ``tháng 10``, ``10/2026``, ``T10/2026`` on its first line; its sections
(``Khó khăn:``, ``Đề xuất:``, ``Cách làm hay:`` and the usual variants) are free text
running to the next section header (``Kết quả:`` returns to items) or the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, TypeAlias

from tracker.text import fold

__all__ = [
    "Chatter",
    "Item",
    "MonthlyReport",
    "Parsed",
    "ProgressReport",
    "ReviewItem",
    "ReviewReason",
    "TaskDone",
    "Vocabulary",
    "parse",
]


class ReviewReason(StrEnum):
    """Why an item of a report was not taken: it goes to the officers' review inbox."""

    UNKNOWN_INDICATOR = "unknown_indicator"  # a number, but no known indicator
    TWO_INDICATORS = "two_indicators"  # more than one indicator (or an ambiguous alias)
    NO_NUMBER = "no_number"  # an indicator, but no number
    TWO_NUMBERS = "two_numbers"  # an indicator and more than one number
    NOT_A_COUNT = "not_a_count"  # a decimal, a percentage, a share like 12/15
    NEGATIVE = "negative"  # -5
    EMPTY = "empty"  # a report keyword with nothing understood after it


@dataclass(frozen=True, slots=True)
class Item:
    """One understood item: `value` for `indicator`.

    `total` is True when the item states the period's total so far (``=45``,
    ``tổng 45``) rather than new work (``12``, ``+12``).
    """

    indicator: str
    value: int
    total: bool
    text: str


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """An item that was not understood well enough to count, with best guesses."""

    text: str
    reason: ReviewReason
    indicator: str | None
    value: int | None


@dataclass(frozen=True, slots=True)
class ProgressReport:
    items: tuple[Item, ...]
    review: tuple[ReviewItem, ...]


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    """A monthly report. `month`/`year` are None when the message does not name them."""

    month: int | None
    year: int | None
    items: tuple[Item, ...]
    review: tuple[ReviewItem, ...]
    difficulties: str
    proposals: str
    good_practices: str


@dataclass(frozen=True, slots=True)
class TaskDone:
    """``/xong CODE note``. `code` is as written (trailing punctuation removed), or ""."""

    code: str
    note: str


@dataclass(frozen=True, slots=True)
class Chatter:
    """Not a report: ordinary chat."""


Parsed: TypeAlias = ProgressReport | MonthlyReport | TaskDone | Chatter


# --------------------------------------------------------------------------- vocabulary

# Folded text is cut into tokens: words (letters only), numbers (digits, with the
# separators of thousands, decimals, dates, times and ranges inside) and single other
# characters, each marked with whether whitespace comes before it. "ttdt12" is two
# tokens, "dvcx" one: so alias "dvc" cannot match inside "dvcx", nor "mức 4" inside
# "mức 4.000".
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,/:\-]\d+)*|\S")
_TOKEN_ASCII = re.compile(r"[a-z]+|\d+(?:[.,/:\-]\d+)*|\S")  # the same for ASCII, faster

# An alias, keyed by its first token: its length, its other tokens, whether whitespace
# comes before each of them, and the codes it names.
_Entry: TypeAlias = tuple[int, list[str], list[bool], frozenset[str]]


def _tokens(folded: str) -> tuple[list[bool], list[str]]:
    """(whether whitespace comes before each token, tokens) of folded text."""
    pattern = _TOKEN_ASCII if folded.isascii() else _TOKEN  # folded ASCII is lower case
    spaces: list[bool] = []
    words: list[str] = []
    for chunk in folded.split():
        if chunk.isalpha() or chunk.isdecimal():  # most chunks: one token
            spaces.append(True)
            words.append(chunk)
        elif ((head := chunk[:-1]).isalpha() or head.isdecimal()) and not chunk[-1].isalnum():
            spaces.append(True)  # "tử:", "12.", "hộ)": a token and a mark
            spaces.append(False)
            words.append(head)
            words.append(chunk[-1])
        else:
            tokens = pattern.findall(chunk)
            spaces.append(True)
            spaces.extend([False] * (len(tokens) - 1))
            words.extend(tokens)
    return spaces, words


class Vocabulary:
    """The indicators people can name, and how they name them.

    Build it with `Vocabulary.build`; it is immutable and can be shared.
    """

    __slots__ = ("_codes", "_index")

    def __init__(self, codes: frozenset[str], index: dict[str, tuple[_Entry, ...]]) -> None:
        self._codes = codes
        self._index = index  # first token of an alias -> its entries, longest first

    @classmethod
    def build(cls, indicators: Iterable[tuple[str, Iterable[str]]]) -> Vocabulary:
        """Build from ``(code, aliases)`` pairs; the code is an alias of itself.

        Aliases are folded and match whole words, with any run of whitespace where the
        alias has whitespace (and none where it has none). An alias given for two codes
        is kept for both: an item naming it goes to review as TWO_INDICATORS. Empty
        codes are ignored, and so are aliases without a letter ("-", "01", "2.0"):
        they would take the numbers of every message.
        """
        codes: set[str] = set()
        by_shape: dict[tuple[tuple[str, ...], tuple[bool, ...]], set[str]] = {}
        for code, aliases in indicators:
            if not code.strip():
                continue
            codes.add(code)
            names = [aliases] if isinstance(aliases, str) else list(aliases)
            for name in [code, *names]:
                spaces, words = _tokens(fold(name))
                if any(word.isalpha() for word in words):
                    shape = (tuple(words), tuple(spaces[1:]))
                    by_shape.setdefault(shape, set()).add(code)
        index: dict[str, list[_Entry]] = {}
        for (shape_words, spaced), owners in by_shape.items():
            length = sum(map(len, shape_words)) + sum(spaced)
            entry = (length, list(shape_words[1:]), list(spaced), frozenset(owners))
            index.setdefault(shape_words[0], []).append(entry)
        for entries in index.values():
            entries.sort(key=lambda entry: (-entry[0], entry[1]))
        return cls(frozenset(codes), {first: tuple(entries) for first, entries in index.items()})

    @property
    def codes(self) -> frozenset[str]:
        return self._codes

    def _claim(
        self, spaces: list[bool], words: list[str]
    ) -> tuple[list[frozenset[str]], list[bool]]:
        """Find the aliases among the tokens of an item.

        The longest alias wins wherever it starts, then the next longest among the
        tokens left, and so on: a token belongs to one alias at most. Returns the codes
        of each alias found, in text order, and which tokens the aliases took.
        """
        index = self._index
        count = len(words)
        candidates: list[tuple[int, int, int, frozenset[str]]] = []
        for first, word in enumerate(words):
            entries = index.get(word)
            if entries is None:
                continue
            for length, rest, spaced, owners in entries:
                last = first + len(rest)
                if (
                    rest
                    and (
                        last >= count
                        or words[first + 1] != rest[0]  # cheap test before slicing
                        or words[first + 1 : last + 1] != rest
                        or spaces[first + 1 : last + 1] != spaced
                    )
                ):
                    continue
                candidates.append((-length, first, last, owners))
        claimed = [False] * count
        if not candidates:
            return [], claimed
        if len(candidates) == 1:
            _, first, last, owners = candidates[0]
            claimed[first : last + 1] = [True] * (last - first + 1)
            return [owners], claimed
        # Longest first, then leftmost. Two aliases matching at one place differ in
        # length (one's tokens are a prefix of the other's), so codes are never compared.
        candidates.sort()
        chosen: list[tuple[int, frozenset[str]]] = []
        for _, first, last, owners in candidates:
            if True in claimed[first : last + 1]:
                continue
            claimed[first : last + 1] = [True] * (last - first + 1)
            chosen.append((first, owners))
        if len(chosen) > 1:
            chosen.sort(key=lambda hit: hit[0])
        return [owners for _, owners in chosen], claimed


# ------------------------------------------------------------------------------- items

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
_TOTAL_PAIRS = frozenset({("luy", "ke"), ("cong", "don")})

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


def _numbers(spaces: list[bool], words: list[str], claimed: list[bool]) -> list[_Number]:
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
    spaces, words = _tokens(fold(text))
    owners, claimed = vocabulary._claim(spaces, words)
    numbers = _numbers(spaces, words, claimed)
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


def _items(text: str, vocabulary: Vocabulary, items: list[Item], review: list[ReviewItem]) -> None:
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


# ---------------------------------------------------------------------------- keywords

_LEADING = re.compile(r"[\s\ufeff\u200b\u200c\u200d\u2060]+")
_HEAD = 64  # code points folded to look for a keyword; keywords are far shorter
_KEYWORD_START = frozenset("/#bxBX")  # what a keyword's first character folds to
_PROGRESS_KINDS = frozenset({"progress_command", "progress_bare"})

# In folded text. Which alternative matched says which kind of message it is; the
# order matters ("bc tháng" before "bc").
_MONTHLY_WORDS = r"(?:bc|bao\s*cao)\s*(?:(?:ket\s*qua|kq)\s*)?thang"
_KEYWORD = re.compile(
    r"(?P<task_command>[/#](?:xong|done)(?:@\w+)?(?!\w))"
    r"|(?P<task_bare>xong(?!\w))"
    rf"|(?P<monthly_command>[/#]\s*{_MONTHLY_WORDS}(?:@\w+)?(?![^\W\d]))"
    rf"|(?P<monthly_bare>{_MONTHLY_WORDS}(?![^\W\d]))"
    r"|(?P<progress_command>[/#](?:bc|baocao|bao\s+cao)(?:@\w+)?(?!\w))"
    r"|(?P<progress_bare>(?:bc|bao\s*cao)(?!\w))"
)

# After a bare "xong", words that make it chat ("xong rồi", "xong chưa em") rather
# than the start of a task code.
_CHAT_WORDS = (
    "roi r chua nhe nha a ha hen het viec ca luon thi la va ma oi nhi day do ko "
    "khong k chu thoi di sau truoc xuoi that nhanh som muon ne vay vui em anh chi "
    "ban"
)
_CHAT_AFTER_XONG = frozenset(_CHAT_WORDS.split())
_CODE_TRAILING = ".,;:!?…)]}\"'"


def _raw_offset(raw: str, folded_offset: int) -> int:
    """Index in `raw` that corresponds to `folded_offset` in ``fold(raw)``.

    fold is length-additive code point by code point (tested), so the raw prefix
    whose fold has that length is the answer; the diacritics right after it (which
    fold to nothing) are included.
    """
    if folded_offset <= 0:
        return 0
    if raw.isascii():
        return min(folded_offset, len(raw))
    if len(fold(raw[:folded_offset])) == folded_offset:
        index = folded_offset  # each code point folded to one: NFC Vietnamese
    else:
        length = index = 0
        while index < len(raw) and length < folded_offset:
            length += len(fold(raw[index]))
            index += 1
    while index < len(raw) and not raw[index].isascii() and not fold(raw[index]):
        index += 1
    return index


def _is_question(text: str) -> bool:
    """A one-line message ending in "?": asking about reports, not making one."""
    stripped = text.strip()
    return stripped.endswith("?") and len(stripped.splitlines()) == 1


# ------------------------------------------------------------------------------- tasks


def _task(rest: str, bare: bool) -> TaskDone | Chatter:
    parts = rest.lstrip(" \t:-\u2013\u2014").split(None, 1)
    code = parts[0].rstrip(_CODE_TRAILING) if parts else ""
    note = parts[1].strip().lstrip("-\u2013\u2014:").strip() if len(parts) > 1 else ""
    if bare and code and (fold(code) in _CHAT_AFTER_XONG or not code.isascii()):
        return Chatter()  # "xong rồi", "xong tập huấn": a word, not a task code
    return TaskDone(code, note)


# ----------------------------------------------------------------------------- monthly

_SECTION_HEADER = re.compile(
    r"\s*(?:[-+*\u2022\u00b7\u25aa\u25ba\u27a4>]+\s*|(?:\d{1,2}|[ivx]{1,4}|[a-z])[.)/]\s*)?"
    r"[*_]*\s*(?:"
    r"(?P<difficulties>kho\s*khan|vuong\s*mac|han\s*che|ton\s*tai)"
    r"|(?P<proposals>de\s*xuat|kien\s*nghi|de\s*nghi)"
    r"|(?P<good_practices>cach\s*lam\s*hay|mo\s*hinh\s*hay|kinh\s*nghiem\s*hay"
    r"|cach\s*lam\s*hieu\s*qua|mo\s*hinh\s*hieu\s*qua)"
    r"|(?P<results>ket\s*qua)"
    r")(?![^\W\d])"
)
# What may stand between a section name and its colon: a short qualifier without
# digits (", vướng mắc", " và kiến nghị", " trong tháng").
_QUALIFIER_COLON = re.compile(r"[^:\d]{0,40}?:")
# Words that, alone after a section name and with no colon, still make a bare header.
_HEADER_WORDING = (
    "kho khan vuong mac han che ton tai de xuat kien nghi cach lam hay mo hinh kinh "
    "nghiem sang tao hieu qua va thuc hien trong thang nay ket dat duoc chinh"
)
_HEADER_WORDS = frozenset(_HEADER_WORDING.split())
_WORDS = re.compile(r"[^\W\d_]+")

_MONTH_AFTER_KEYWORD = re.compile(
    r"[ \t]*(?P<month>\d{1,2})(?:\s*[/.-]\s*(?P<year>\d{4})|\s+nam\s+(?P<year2>\d{4}))?"
    r"(?!\d|[.,]\d|%)"
)
_MONTH_NAMED = re.compile(
    r"(?<![^\W\d])(?:thang\s*|t)(?P<month>\d{1,2})"
    r"(?:\s*[/.-]\s*(?P<year>\d{4})|\s+nam\s+(?P<year2>\d{4}))?(?!\d|[.,]\d|%)"
)


def _month_year(m: re.Match[str]) -> tuple[int | None, int | None]:
    month = int(m.group("month"))
    if not 1 <= month <= 12:
        return None, None
    written = m.group("year") or m.group("year2")
    year = int(written) if written else None
    if year is not None and not 2000 <= year <= 2099:
        year = None
    return month, year


def _section_line(line: str, folded: str, header: re.Match[str]) -> str:
    """What a section header line holds besides the header itself."""
    after = folded[header.end() :]
    colon = _QUALIFIER_COLON.match(after)
    if colon is not None:
        # The n-th colon of the folded line is the n-th colon of the raw line.
        nth = folded.count(":", 0, header.end() + colon.end())
        cut = -1
        for _ in range(nth):
            cut = line.find(":", cut + 1)
        return line[cut + 1 :].strip() if cut >= 0 else line.strip()
    if set(_WORDS.findall(after)) <= _HEADER_WORDS:
        return ""  # "Khó khăn, vướng mắc" on a line of its own
    return line.strip()  # "Khó khăn lớn nhất là ...": keep every word


def _monthly(rest: str, vocabulary: Vocabulary) -> MonthlyReport:
    lines = rest.splitlines() or [""]
    first = lines[0]
    folded_first = fold(first)
    month: int | None = None
    year: int | None = None
    right_after = _MONTH_AFTER_KEYWORD.match(folded_first)  # "báo cáo tháng 10/2026"
    if right_after is not None:
        month, year = _month_year(right_after)
        if month is not None:
            lines[0] = first[_raw_offset(first, right_after.end()) :]
    if month is None:
        named = _MONTH_NAMED.search(folded_first)  # "/bcthang T10", "... tháng 10"
        if named is not None:
            month, year = _month_year(named)
    lines[0] = lines[0].lstrip(" \t:")

    items: list[Item] = []
    review: list[ReviewItem] = []
    sections: dict[str, list[str]] = {"difficulties": [], "proposals": [], "good_practices": []}
    current: str | None = None
    for line in lines:
        folded = fold(line)
        header = _SECTION_HEADER.match(folded)
        if header is not None:
            name = header.lastgroup or "results"
            current = None if name == "results" else name
            content = _section_line(line, folded, header)
        else:
            content = line.strip()
        if not content:
            continue
        if current is None:
            _items(content, vocabulary, items, review)
        else:
            sections[current].append(content)

    difficulties, proposals, good_practices = (
        "\n".join(sections[name]) for name in ("difficulties", "proposals", "good_practices")
    )
    if not (items or review or difficulties or proposals or good_practices):
        body = (lines[0] + rest[len(first) :]).strip()  # as written, without the month
        review.append(ReviewItem(body, ReviewReason.EMPTY, None, None))
    return MonthlyReport(
        month,
        year,
        tuple(items),
        tuple(review),
        difficulties,
        proposals,
        good_practices,
    )


# ------------------------------------------------------------------------------- parse


def parse(text: str, vocabulary: Vocabulary) -> Parsed:
    """Understand one chat message. Never raises."""
    leading = _LEADING.match(text)
    raw = text[leading.end() :] if leading is not None else text
    if not raw or (raw[0] not in _KEYWORD_START and fold(raw[0])[:1] not in _KEYWORD_START):
        return Chatter()  # most chat stops here
    # Folding the first line is enough, unless it ends with "bc" or "báo cáo" and the
    # next line starts with "tháng": a monthly report.
    line_end = raw.find("\n", 0, _HEAD)
    head = fold(raw[:line_end] if line_end > 0 else raw[:_HEAD])
    keyword = _KEYWORD.match(head)
    if keyword is None:
        return Chatter()
    kind = keyword.lastgroup
    if line_end > 0 and kind in _PROGRESS_KINDS and keyword.end() >= len(head.rstrip()):
        keyword = _KEYWORD.match(fold(raw[:_HEAD]))
        if keyword is None:  # cannot be: the first line alone matched
            return Chatter()
        kind = keyword.lastgroup
    end = _raw_offset(raw, keyword.end())
    if kind == "task_bare" and raw[:end].casefold() != "xong":
        return Chatter()  # "xông", "xóng": not the keyword
    if kind in ("task_bare", "monthly_bare", "progress_bare") and _is_question(raw):
        return Chatter()  # "báo cáo tháng này nộp khi nào?"
    rest = raw[end:]
    if kind in ("task_command", "task_bare"):
        return _task(rest, kind == "task_bare")
    if kind in ("monthly_command", "monthly_bare"):
        return _monthly(rest, vocabulary)
    rest = rest.lstrip(" \t:")
    items: list[Item] = []
    review: list[ReviewItem] = []
    _items(rest, vocabulary, items, review)
    if not items and not review:
        review.append(ReviewItem(rest.strip(), ReviewReason.EMPTY, None, None))
    return ProgressReport(tuple(items), tuple(review))
