"""Review reasons in words, and the words officers may type for them.

The store and `--format json` keep the codes (`unknown_sender`); officers read and type
words (`người gửi chưa đăng ký`, or `nguoi gui chua dang ky`). `chatter` names the items
with nothing a team could have meant to count: a report keyword with nothing after it, a
number with no indicator, an indicator with no number.
"""

from __future__ import annotations

from collections.abc import Iterable

from tracker.errors import UserError
from tracker.i18n import Catalogue
from tracker.text import fold, squash_spaces

REASONS = Catalogue(
    vi={
        "unknown_sender": "người gửi chưa đăng ký",
        "ambiguous_team": "người gửi thuộc nhiều tổ",
        "registration": "yêu cầu đăng ký",
        "unknown_indicator": "không rõ chỉ số",
        "two_indicators": "hai chỉ số trong một mục",
        "no_number": "thiếu số",
        "two_numbers": "có hai số",
        "not_a_count": "không phải số đếm",
        "negative": "số âm",
        "empty": "báo cáo trống",
        "implausible": "số quá lớn",
        "total_lower": "tổng thấp hơn số đã báo",
        "after_approval": "sau khi tháng đã duyệt",
        "unknown_task": "không có nhiệm vụ này",
        "task_not_assigned": "nhiệm vụ không giao cho tổ",
        "chatter": "tin tán gẫu",
        "other": "lý do khác",
        "unknown": "không rõ lý do '{text}'; chọn một trong: {words}",
    },
    en={
        "unknown_sender": "sender not registered",
        "ambiguous_team": "sender in several teams",
        "registration": "registration request",
        "unknown_indicator": "unknown indicator",
        "two_indicators": "two indicators in one item",
        "no_number": "no number",
        "two_numbers": "two numbers",
        "not_a_count": "not a whole count",
        "negative": "negative number",
        "empty": "empty report",
        "implausible": "number too large",
        "total_lower": "total lower than already reported",
        "after_approval": "after the month was approved",
        "unknown_task": "no such task",
        "task_not_assigned": "task not assigned to the team",
        "chatter": "chatter",
        "other": "other reason",
        "unknown": "unknown reason '{text}'; choose one of: {words}",
    },
)
CODES = (
    "unknown_sender",
    "ambiguous_team",
    "registration",
    "unknown_indicator",
    "two_indicators",
    "no_number",
    "two_numbers",
    "not_a_count",
    "negative",
    "empty",
    "implausible",
    "total_lower",
    "after_approval",
    "unknown_task",
    "task_not_assigned",
)
CHATTER = frozenset({"empty", "unknown_indicator", "no_number"})


class UnknownReason(UserError):
    """A reason an officer typed that names none: says, in their language, which exist."""

    def __init__(self, text: str) -> None:
        self.typed = text
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        words = ", ".join(REASONS(language, code) for code in (*CODES, "chatter"))
        return REASONS(language, "unknown", text=self.typed, words=words)


def reason_words(language: str, code: str) -> str:
    """The reason in words; a code this version does not know reads as "other reason"."""
    return REASONS(language, code if code in CODES else "other")


def parse_reasons(texts: Iterable[str]) -> frozenset[str]:
    """The reason codes named by what an officer typed: a code, the words in either
    language (diacritics optional), or `chatter`. An unknown one is a one-line error."""
    known: dict[str, frozenset[str]] = {}
    for code in (*CODES, "chatter"):
        codes = CHATTER if code == "chatter" else frozenset({code})
        known[fold(code)] = codes
        for language in ("vi", "en"):
            known[fold(REASONS(language, code))] = codes
    chosen: set[str] = set()
    for text in texts:
        named = known.get(fold(squash_spaces(text)))
        if named is None:
            raise UnknownReason(text)
        chosen |= named
    return frozenset(chosen)
