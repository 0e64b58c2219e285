"""Properties of tracker.reports.language.parse, checked on generated messages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker.reports.language import (
    Chatter,
    Item,
    MonthlyReport,
    Parsed,
    ProgressReport,
    ReviewItem,
    TaskDone,
    Vocabulary,
    parse,
)

INDICATORS: dict[str, list[str]] = {
    "ttdt": ["thanh toán điện tử", "tài khoản thanh toán", "ví điện tử", "ttđt"],
    "dvc": ["dịch vụ công", "dvc trực tuyến", "hồ sơ trực tuyến"],
    "vneid": ["VNeID", "định danh điện tử", "kích hoạt VNeID"],
    "ocop": ["sản phẩm OCOP", "ocop lên sàn"],
    "gianhang": ["gian hàng số", "gian hàng"],
    "taphuan": ["buổi tập huấn", "tập huấn"],
    "huongdan": ["hộ được hướng dẫn", "hướng dẫn"],
    "sskdt": ["sổ sức khỏe điện tử", "sskđt"],
}
VOCABULARY = Vocabulary.build(INDICATORS.items())

KEYWORDS = [
    "/bc",
    "/baocao",
    "#bc",
    "#baocao",
    "bc",
    "BC",
    "báo cáo",
    "Báo cáo",
    "BÁO CÁO",
    "/bc@CNCD_Bot",
    "/BC@cncd_xa_bot",
]
ALL_KEYWORDS = [
    *KEYWORDS,
    "/bcthang",
    "#bcthang",
    "báo cáo tháng",
    "/xong",
    "#xong",
    "xong",
    "/done",
]

# Pieces that reach the parser's corners: aliases, numbers and their separators, signs,
# dates, labels, section headers, brackets.
PIECES = [
    *(alias for aliases in INDICATORS.values() for alias in aliases),
    *INDICATORS,
    *ALL_KEYWORDS,
    *"0123456789",
    *"  \n\t\r,;:.-+=%/()@#*•_",
    "\u2212",
    "\u0301",
    "\u0323",
    "đ",
    "Đ",
    "1.200",
    "1,5",
    "12%",
    "5/11",
    "8h30",
    "tổng",
    "tháng",
    "thôn",
    "số",
    "mức",
    "năm 2026",
    "hộ",
    "Khó khăn:",
    "Đề xuất",
    "Cách làm hay:",
    "Kết quả:",
    "T10/2026",
    "1) ",
    "II. ",
    "- ",
    "xông",
    "rồi",
    "?",
    "ß",
    "İ",
    "ǰ",
    "👍",
]
chat_like = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _shape(result: Parsed) -> object:
    """What a parse says, without the text as written (which keeps its Unicode form)."""

    def nfc(text: str) -> str:
        return unicodedata.normalize("NFC", text)

    if isinstance(result, ProgressReport | MonthlyReport):
        items = [(i.indicator, i.value, i.total, nfc(i.text)) for i in result.items]
        review = [(r.reason, r.indicator, r.value, nfc(r.text)) for r in result.review]
        if isinstance(result, ProgressReport):
            return ("progress", items, review)
        sections = [nfc(s) for s in (result.difficulties, result.proposals, result.good_practices)]
        return ("monthly", result.month, result.year, items, review, sections)
    if isinstance(result, TaskDone):
        return ("task", nfc(result.code), nfc(result.note))
    return ("chatter",)


# ---------------------------------------------------------------------- never raises


@given(st.text())
@example("/bc " + "9" * 5000)
@example("/bc\x00ttdt 12")
@example("/bc ttdt 12\u2028dvc 5")
@example("/bc@ ")
@example("báo cáo\u0301")
@example("/bcthang\nKhó khăn\u0301:")
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(parse(text, VOCABULARY), ProgressReport | MonthlyReport | TaskDone | Chatter)


@given(st.sampled_from(ALL_KEYWORDS), st.sampled_from(["", " ", ":", "\n", "@"]), st.text())
def test_never_raises_after_a_keyword(keyword: str, glue: str, rest: str) -> None:
    parse(keyword + glue + rest, VOCABULARY)


@given(st.sampled_from(ALL_KEYWORDS), chat_like)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_never_raises_on_report_like_text(keyword: str, rest: str) -> None:
    parse(keyword + " " + rest, VOCABULARY)


@given(st.sampled_from(ALL_KEYWORDS), chat_like)
def test_unicode_form_does_not_matter(keyword: str, rest: str) -> None:
    text = keyword + " " + rest
    nfc = parse(unicodedata.normalize("NFC", text), VOCABULARY)
    nfd = parse(unicodedata.normalize("NFD", text), VOCABULARY)
    assert _shape(nfc) == _shape(nfd)


@given(st.sampled_from(ALL_KEYWORDS), chat_like)
def test_texts_are_taken_from_the_message(keyword: str, rest: str) -> None:
    text = keyword + " " + rest
    result = parse(text, VOCABULARY)
    if isinstance(result, ProgressReport | MonthlyReport):
        parts: list[Item | ReviewItem] = [*result.items, *result.review]
        for part in parts:
            assert part.text in text
        if isinstance(result, MonthlyReport):
            for section in (result.difficulties, result.proposals, result.good_practices):
                for line in section.splitlines():
                    assert line in text
    elif isinstance(result, TaskDone):
        assert result.code in text


@given(chat_like)
def test_no_keyword_is_chatter(text: str) -> None:
    stripped = text.lstrip()
    if not re.match(r"[/#bBxXđĐ]", stripped):
        assert parse(text, VOCABULARY) == Chatter()


# ------------------------------------------------------------------------ round trip


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Written:
    indicator: str
    value: int
    total: bool
    text: str  # the item as rendered, before the message's Unicode form is chosen


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[int, str]:
    value = draw(
        st.one_of(st.integers(0, 999), st.integers(1000, 2_000_000), st.sampled_from([1000, 10**6]))
    )
    if value < 1000:
        return value, str(value)
    grouped = f"{value:,}"
    return value, draw(st.sampled_from([grouped, grouped.replace(",", "."), str(value)]))


@st.composite
def written_items(draw: st.DrawFn) -> Written:
    code = draw(st.sampled_from(sorted(INDICATORS)))
    name = draw(st.sampled_from([code, *INDICATORS[code]]))
    cases: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title]
    case = draw(st.sampled_from(cases))
    name = case(name)
    if draw(st.booleans()):
        name = _strip_diacritics(name)
    value, number = draw(written_numbers())
    style = draw(st.integers(0, 7))
    total = style >= 5
    filler = draw(st.sampled_from(["", "đã ", "thêm ", "hỗ trợ ", "mới "]))
    templates = [
        f"{name} {number}",
        f"{filler}{number} {name}",
        f"{name}: {number} hộ",
        f"{name} +{number}",
        f"{filler}{name}:{number}",
        f"{name} ={number}",
        f"tổng {name} {number}",
        f"{name} tổng {number}",
    ]
    text = templates[style]
    if total and draw(st.booleans()):
        text = _strip_diacritics(text)
    return Written(code, value, total, text)


@st.composite
def reports(draw: st.DrawFn) -> tuple[str, list[Written], bool]:
    items = draw(st.lists(written_items(), min_size=1, max_size=8))
    keyword = draw(st.sampled_from(KEYWORDS))
    if draw(st.booleans()):
        keyword = _strip_diacritics(keyword)
    glue = draw(st.sampled_from([" ", ": ", ":\n", "\n", "\n\n"]))
    separator = draw(st.sampled_from([", ", "; ", "\n", " ; ", "\r\n"]))
    bullet = draw(st.sampled_from(["", "- ", "+ ", "• ", "* "])) if "\n" in separator else ""
    body = separator.join(bullet + item.text for item in items)
    nfd = draw(st.booleans())
    return keyword + glue + body, items, nfd


@given(reports())
@settings(max_examples=300)
def test_rendered_reports_parse_back(report: tuple[str, list[Written], bool]) -> None:
    text, items, nfd = report
    form: Literal["NFC", "NFD"] = "NFD" if nfd else "NFC"
    result = parse(unicodedata.normalize(form, text), VOCABULARY)
    expected = tuple(
        Item(item.indicator, item.value, item.total, unicodedata.normalize(form, item.text))
        for item in items
    )
    assert result == ProgressReport(expected, ())
