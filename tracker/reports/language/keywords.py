"""`parse`: which keyword a message starts with says what kind of message it is."""

from __future__ import annotations

import re

from tracker.reports.language.items import read_items
from tracker.reports.language.model import (
    Chatter,
    DigestChoice,
    Item,
    Parsed,
    ProgressReport,
    ReviewItem,
    ReviewReason,
    TaskDone,
)
from tracker.reports.language.monthly import read_monthly
from tracker.reports.language.registration import KEYWORDS as _REGISTER
from tracker.reports.language.registration import KINDS as _REGISTER_KINDS
from tracker.reports.language.registration import read_registration
from tracker.reports.language.vocabulary import Vocabulary, raw_offset
from tracker.text import fold

_LEADING = re.compile(r"[\s\ufeff\u200b\u200c\u200d\u2060]+")
_HEAD = 64  # code points folded to look for a keyword; keywords are far shorter
_KEYWORD_START = frozenset("/#bxdtBXDT")  # what a keyword's first character folds to
_PROGRESS_KINDS = frozenset({"progress_command", "progress_bare"})
_REPORT_KINDS = _PROGRESS_KINDS | {"monthly_command", "monthly_bare"}

# In folded text. Which alternative matched says which kind of message it is; the
# order matters ("bc tháng" before "bc").
_MONTHLY_WORDS = r"(?:bc|bao\s*cao)\s*(?:(?:ket\s*qua|kq)\s*)?thang"
_KEYWORD = re.compile(
    r"(?P<digest_off>[/#]?tat\s*ban\s*tin(?:@\w+)?(?!\w))"
    r"|(?P<digest_on>[/#]?bat\s*ban\s*tin(?:@\w+)?(?!\w))"
    r"|(?P<task_command>[/#](?:xong|done)(?:@\w+)?(?!\w))"
    r"|(?P<task_bare>xong(?!\w))"
    rf"|(?P<monthly_command>[/#]\s*{_MONTHLY_WORDS}(?:@\w+)?(?![^\W\d]))"
    rf"|(?P<monthly_bare>{_MONTHLY_WORDS}(?![^\W\d]))"
    r"|(?P<progress_command>[/#](?:bc|baocao|bao\s+cao)(?:@\w+)?(?!\w))"
    r"|(?P<progress_bare>(?:bc|bao\s*cao)(?!\w))" + _REGISTER
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


def _is_question(text: str) -> bool:
    """A one-line message ending in "?": asking about reports, not making one."""
    stripped = text.strip()
    return stripped.endswith("?") and len(stripped.splitlines()) == 1


def _task(rest: str, bare: bool) -> TaskDone | Chatter:
    parts = rest.lstrip(" \t:-\u2013\u2014").split(None, 1)
    code = parts[0].rstrip(_CODE_TRAILING) if parts else ""
    note = parts[1].strip().lstrip("-\u2013\u2014:").strip() if len(parts) > 1 else ""
    if bare and code and (fold(code) in _CHAT_AFTER_XONG or not code.isascii()):
        return Chatter()  # "xong rồi", "xong tập huấn": a word, not a task code
    return TaskDone(code, note)


def report_body_start(text: str) -> int | None:
    """Where the body of a progress or monthly report begins in `text` (just after its
    keyword), or None when `text` is not one."""
    leading = _LEADING.match(text)
    start = leading.end() if leading is not None else 0
    raw = text[start:]
    keyword = _KEYWORD.match(fold(raw[:_HEAD]))
    if keyword is None or keyword.lastgroup not in _REPORT_KINDS:
        return None
    return start + raw_offset(raw, keyword.end())


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
    if kind in ("digest_off", "digest_on"):
        if raw[0] not in "/#" and _is_question(raw):
            return Chatter()  # "tắt bản tin thế nào?"
        return DigestChoice(on=kind == "digest_on")
    end = raw_offset(raw, keyword.end())
    if kind == "task_bare" and raw[:end].casefold() != "xong":
        return Chatter()  # "xông", "xóng": not the keyword
    if kind in ("task_bare", "monthly_bare", "progress_bare") and _is_question(raw):
        return Chatter()  # "báo cáo tháng này nộp khi nào?"
    rest = raw[end:]
    if kind in _REGISTER_KINDS:
        return read_registration(kind, head[: keyword.end()], rest)
    if kind in ("task_command", "task_bare"):
        return _task(rest, kind == "task_bare")
    if kind in ("monthly_command", "monthly_bare"):
        return read_monthly(rest, vocabulary)
    rest = rest.lstrip(" \t:")
    items: list[Item] = []
    review: list[ReviewItem] = []
    read_items(rest, vocabulary, items, review)
    if not items and not review:
        review.append(ReviewItem(rest.strip(), ReviewReason.EMPTY, None, None))
    return ProgressReport(tuple(items), tuple(review))
