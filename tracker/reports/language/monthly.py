"""The body of a monthly report: its month, its items and its free-text sections."""

from __future__ import annotations

import re

from tracker.reports.language.items import read_items
from tracker.reports.language.model import Item, MonthlyReport, ReviewItem, ReviewReason
from tracker.reports.language.vocabulary import Vocabulary, raw_offset
from tracker.text import fold

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


def read_monthly(rest: str, vocabulary: Vocabulary) -> MonthlyReport:
    lines = rest.splitlines() or [""]
    first = lines[0]
    folded_first = fold(first)
    month: int | None = None
    year: int | None = None
    right_after = _MONTH_AFTER_KEYWORD.match(folded_first)  # "báo cáo tháng 10/2026"
    if right_after is not None:
        month, year = _month_year(right_after)
        if month is not None:
            lines[0] = first[raw_offset(first, right_after.end()) :]
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
            read_items(content, vocabulary, items, review)
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
