"""A report that names its team: ``/bc CNCD_NH ttdt 5``, ``/bc Hội Yên: ttdt 5``,
``/bc tổ Ngũ Hùng`` on the first line and the items below.

A member of several teams who reports in private (where no chat binding says which
team is meant) names the team right after the keyword: its code, its name, or the name
of a unit it covers, with or without the unit's level word (``thôn Hội Yên``,
``Hội Yên``), optionally after ``tổ``. Only the sender's own teams' names are looked
for, so an indicator code can never be taken for a team of someone else; when one of
the sender's teams is named so, the team wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tracker.reports.language.keywords import report_body_start
from tracker.reports.language.vocabulary import raw_offset
from tracker.text import fold

# What may follow a team's name: the end, a space, a separator.
_AFTER = frozenset(" \t\r\n:,;.-\u2013\u2014)")
_LEAD = " \t:-\u2013\u2014"
_HEAD = 120  # code points folded to look for a name; names are shorter
# Level words a unit's name starts with ("Thôn Hội Yên"), folded: people leave them out.
_LEVEL_WORDS = (
    "thon", "ap", "ban", "buon", "soc", "khom", "khu pho", "to dan pho", "lang", "xom",
    "xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa", "thanh pho", "tinh",
)  # fmt: skip


def name_keys(names: Iterable[str]) -> set[str]:
    """The folded forms a team can be named by, from its code, its name and its units'
    names (each also without its level word)."""
    keys: set[str] = set()
    for name in names:
        folded = " ".join(fold(name).split())
        if not any(char.isalpha() for char in folded):
            continue
        keys.add(folded)
        for word in _LEVEL_WORDS:
            if folded.startswith(word + " ") and len(folded) > len(word) + 1:
                keys.add(folded[len(word) + 1 :])
    return keys


def team_named(text: str, names: Mapping[str, int]) -> tuple[int, str] | None:
    """The team `text` names right after its report keyword, and `text` without the name.

    `names` maps folded names (`name_keys`) to team ids; the longest name that fits wins.
    None when `text` is not a report or names none of them.
    """
    start = report_body_start(text)
    if start is None or not names:
        return None
    body = text[start:]
    body = body[len(body) - len(body.lstrip(_LEAD)) :]
    for skip in (0, 3):  # the name itself, or "tổ " and the name
        head = fold(body[:_HEAD])
        if skip and not head.startswith("to "):
            break
        head = head[skip:]
        for name in sorted(names, key=len, reverse=True):
            if head.startswith(name) and (len(head) == len(name) or head[len(name)] in _AFTER):
                raw_name_end = raw_offset(body, skip + len(name))
                rest = body[raw_name_end:].lstrip(_LEAD)
                return names[name], f"{text[:start]} {rest}"
    return None
