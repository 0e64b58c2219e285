"""tracker.reports.language: the report language of CONTRACTS §4, rule by rule.

The corpus in tests/data/report_corpus.toml holds realistic messages with their
expected parse; the tests below pin each rule on its own, so that breaking one rule
fails a test named after it.
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tracker.reports.language import (
    Chatter,
    Item,
    MonthlyReport,
    Parsed,
    ProgressReport,
    ReviewItem,
    ReviewReason,
    TaskDone,
    Vocabulary,
    parse,
)

INDICATORS: list[tuple[str, list[str]]] = [
    ("ttdt", ["thanh toán điện tử", "tài khoản thanh toán", "ví điện tử", "ttđt"]),
    ("dvc", ["dịch vụ công", "dvc trực tuyến", "hồ sơ trực tuyến"]),
    ("vneid", ["VNeID", "định danh điện tử", "kích hoạt VNeID"]),
    ("ocop", ["sản phẩm OCOP", "ocop lên sàn"]),
    ("gianhang", ["gian hàng số", "gian hàng"]),
    ("taphuan", ["buổi tập huấn", "tập huấn"]),
    ("huongdan", ["hộ được hướng dẫn", "hướng dẫn"]),
    ("sskdt", ["sổ sức khỏe điện tử", "sskđt"]),
]
VOCABULARY = Vocabulary.build(INDICATORS)
CORPUS = Path(__file__).parent.parent / "data" / "report_corpus.toml"


def progress(text: str) -> ProgressReport:
    result = parse(text, VOCABULARY)
    assert isinstance(result, ProgressReport), result
    return result


def monthly(text: str) -> MonthlyReport:
    result = parse(text, VOCABULARY)
    assert isinstance(result, MonthlyReport), result
    return result


def only_item(text: str) -> Item:
    result = progress(text)
    assert result.review == (), result
    (item,) = result.items
    return item


def only_review(text: str) -> ReviewItem:
    result = progress(text)
    assert result.items == (), result
    (review,) = result.review
    return review


def triples(report: ProgressReport | MonthlyReport) -> list[tuple[str, int, bool]]:
    return [(item.indicator, item.value, item.total) for item in report.items]


# --------------------------------------------------------------------------- corpus


def _load_corpus() -> list[dict[str, Any]]:
    with CORPUS.open("rb") as f:
        cases: list[dict[str, Any]] = tomllib.load(f)["case"]
    return cases


def _expected(case: dict[str, Any]) -> Parsed:
    form = case.get("form", "nfc").upper()

    def norm(text: str) -> str:
        return unicodedata.normalize(form, text)

    items = tuple(
        Item(item["indicator"], item["value"], item.get("total", False), norm(item["text"]))
        for item in case.get("items", [])
    )
    review = tuple(
        ReviewItem(
            norm(entry["text"]),
            ReviewReason(entry["reason"]),
            entry.get("indicator"),
            entry.get("value"),
        )
        for entry in case.get("review", [])
    )
    kind = case["kind"]
    if kind == "progress":
        return ProgressReport(items, review)
    if kind == "monthly":
        return MonthlyReport(
            case.get("month"),
            case.get("year"),
            items,
            review,
            norm(case.get("difficulties", "")),
            norm(case.get("proposals", "")),
            norm(case.get("good_practices", "")),
        )
    if kind == "task":
        return TaskDone(norm(case["code"]), norm(case["note"]))
    assert kind == "chatter", kind
    return Chatter()


CASES = _load_corpus()


def test_corpus_ids_are_unique() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus(case: dict[str, Any]) -> None:
    text = unicodedata.normalize(case.get("form", "nfc").upper(), case["text"])
    assert parse(text, VOCABULARY) == _expected(case)


def test_nfd_corpus_cases_really_differ_from_nfc() -> None:
    for case in CASES:
        if case.get("form") == "nfd":
            text = case["text"]
            assert unicodedata.normalize("NFD", text) != unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------------- keywords


@pytest.mark.parametrize(
    "keyword",
    [
        "/bc",
        "/BC",
        "/baocao",
        "#bc",
        "#baocao",
        "bc",
        "BC",
        "Bc",
        "báo cáo",
        "Báo cáo",
        "BÁO CÁO",
        "bao cao",
        "Bao Cao",
        "baocao",
        "/bc@CNCD_Bot",
        "/baocao@cncd_tinh_bot",
        unicodedata.normalize("NFD", "Báo cáo"),
        "báo  cáo",
    ],
)
@pytest.mark.parametrize("after", [" ", ": ", ":", "\n", " :\n"])
def test_progress_keywords(keyword: str, after: str) -> None:
    assert triples(progress(f"{keyword}{after}ttdt 12")) == [("ttdt", 12, False)]


@pytest.mark.parametrize("text", ["   /bc ttdt 1", "\n\n bc ttdt 1", "\ufeff/bc ttdt 1"])
def test_keyword_after_leading_whitespace(text: str) -> None:
    assert triples(progress(text)) == [("ttdt", 1, False)]


@pytest.mark.parametrize(
    "text",
    [
        "bcd 12",
        "bc12 ttdt 5",
        "/bcx ttdt 5",
        "baocaox ttdt 5",
        "abc ttdt 5",
        "ttdt 12",
        "Mọi người báo cáo ttdt 12 nhé",
        "x /bc ttdt 12",
        "",
        " ",
        "12",
    ],
)
def test_no_keyword_at_start_is_chatter(text: str) -> None:
    assert parse(text, VOCABULARY) == Chatter()


@pytest.mark.parametrize(
    "keyword",
    [
        "/bcthang",
        "#bcthang",
        "/bcthang@CNCD_Bot",
        "báo cáo tháng",
        "Báo cáo tháng",
        "BAO CAO THANG",
        "bc tháng",
        "báo cáo kết quả tháng",
        unicodedata.normalize("NFD", "Báo cáo tháng"),
    ],
)
def test_monthly_keywords_win_over_progress(keyword: str) -> None:
    report = monthly(f"{keyword}\nttdt 450")
    assert triples(report) == [("ttdt", 450, False)]


@pytest.mark.parametrize("text", ["Báo cáo\nTháng 10\nttdt 45", "bc \n tháng 10: ttdt 45"])
def test_monthly_keyword_across_a_line_break(text: str) -> None:
    report = monthly(text)
    assert (report.month, triples(report)) == (10, [("ttdt", 45, False)])


def test_progress_keyword_on_a_line_of_its_own() -> None:
    assert triples(progress("Báo cáo\nttdt 45\nthanh toán điện tử 2")) == [
        ("ttdt", 45, False),
        ("ttdt", 2, False),
    ]


def test_monthly_keyword_must_end_at_a_word_boundary() -> None:
    # "thangx" is no month: this is a progress report whose first item is unknown.
    report = progress("bc thangx 12")
    assert report.review[0].reason == ReviewReason.UNKNOWN_INDICATOR


@pytest.mark.parametrize(
    "text",
    [
        "Báo cáo tháng này nộp cho ai ạ?",
        "báo cáo gửi ai vậy?",
        "bc ở đâu?",
        "xong chưa?",
    ],
)
def test_bare_keyword_questions_are_chatter(text: str) -> None:
    assert parse(text, VOCABULARY) == Chatter()


def test_command_questions_are_still_reports() -> None:
    assert triples(progress("/bc ttdt 12?")) == [("ttdt", 12, False)]


# ---------------------------------------------------------------------------- tasks


@pytest.mark.parametrize(
    ("text", "code", "note"),
    [
        ("/xong T01", "T01", ""),
        ("/XONG T01", "T01", ""),
        ("#xong T01", "T01", ""),
        ("xong T01", "T01", ""),
        ("Xong T01", "T01", ""),
        ("/done T01", "T01", ""),
        ("#done T01", "T01", ""),
        ("/xong@CNCD_Bot T01", "T01", ""),
        ("/xong T01 đã lập nhóm Zalo", "T01", "đã lập nhóm Zalo"),
        ("/xong T01. Đã xong", "T01", "Đã xong"),
        ("/xong T01: đã xong", "T01", "đã xong"),
        ("/xong T01 - đã xong", "T01", "đã xong"),
        ("/xong: T01", "T01", ""),
        ("/xong taphuan-q3!", "taphuan-q3", ""),
        ("/xong\nT01\nghi chú\ndòng hai", "T01", "ghi chú\ndòng hai"),
        ("/xong", "", ""),
        ("#xong   ", "", ""),
        ("xong", "", ""),
        ("Xong.", "", ""),
    ],
)
def test_task_done(text: str, code: str, note: str) -> None:
    assert parse(text, VOCABULARY) == TaskDone(code, note)


def test_task_keyword_must_end_at_a_word_boundary() -> None:
    assert parse("/xongT01", VOCABULARY) == Chatter()
    assert parse("xongxong T01", VOCABULARY) == Chatter()


@pytest.mark.parametrize(
    "text",
    ["xong rồi", "Xong rồi anh ơi", "xong nhé", "Xong ạ", "xong hết rồi", "xong việc"],
)
def test_bare_xong_followed_by_chat_words_is_chatter(text: str) -> None:
    assert parse(text, VOCABULARY) == Chatter()


def test_bare_xong_then_vietnamese_word_is_chatter_but_command_is_not() -> None:
    assert parse("xong tập huấn rồi", VOCABULARY) == Chatter()
    assert parse("/xong tập huấn rồi", VOCABULARY) == TaskDone("tập", "huấn rồi")


def test_xong_with_diacritics_is_another_word() -> None:
    assert parse("xông đất T01", VOCABULARY) == Chatter()
    assert parse("Xóng T01", VOCABULARY) == Chatter()


# ------------------------------------------------------------------------ separators


@pytest.mark.parametrize("separator", [", ", ",", "; ", ";", "\n", "\r\n", " ;\n"])
def test_item_separators(separator: str) -> None:
    report = progress(f"/bc ttdt 12{separator}dvc 5{separator}vneid 1")
    assert triples(report) == [("ttdt", 12, False), ("dvc", 5, False), ("vneid", 1, False)]


def test_comma_between_digits_is_part_of_the_number() -> None:
    assert triples(progress("/bc ttdt 1,200, dvc 5")) == [
        ("ttdt", 1200, False),
        ("dvc", 5, False),
    ]


def test_comma_after_digits_before_a_letter_separates() -> None:
    assert triples(progress("/bc ttdt 12,dvc 5")) == [("ttdt", 12, False), ("dvc", 5, False)]


def test_text_after_keyword_is_the_first_item() -> None:
    report = progress("/bc ttdt 12, dvc 5\nvneid 2")
    assert triples(report) == [("ttdt", 12, False), ("dvc", 5, False), ("vneid", 2, False)]


def test_parentheses_hold_commas() -> None:
    item = only_item("/bc ttdt 12 (anh Nam, chị Lan; cả tổ)")
    assert item.text == "ttdt 12 (anh Nam, chị Lan; cả tổ)"


def test_unclosed_parenthesis_ends_at_the_line() -> None:
    report = progress("/bc ttdt 12 (anh Nam, chị Lan\ndvc 5")
    assert triples(report) == [("ttdt", 12, False), ("dvc", 5, False)]


@pytest.mark.parametrize(
    "bullet", ["- ", "+ ", "• ", "* ", "*", "•", "1. ", "1) ", "12) ", "1/ ", "a) ", "IV. ", "– "]
)
def test_bullets_are_not_signs(bullet: str) -> None:
    item = only_item(f"/bc\n{bullet}5 ttdt")
    assert (item.indicator, item.value, item.text) == ("ttdt", 5, "5 ttdt")


def test_item_text_is_as_written() -> None:
    item = only_item("/bc   Thanh  Toán Điện Tử :  12 hộ  ")
    assert item.text == "Thanh  Toán Điện Tử :  12 hộ"


# --------------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("ttdt 3", "ttdt"),
        ("TTĐT 3", "ttdt"),
        ("ttđt 3", "ttdt"),
        ("thanh toán điện tử 3", "ttdt"),
        ("THANH TOAN DIEN TU 3", "ttdt"),
        ("ví điện tử 3", "ttdt"),
        ("tài khoản thanh toán 3", "ttdt"),
        ("dịch vụ công 3", "dvc"),
        ("DVC trực tuyến 3", "dvc"),
        ("hồ sơ trực tuyến 3", "dvc"),
        ("VNeID 3", "vneid"),
        ("định danh điện tử 3", "vneid"),
        ("kích hoạt VNeID 3", "vneid"),
        ("sản phẩm OCOP 3", "ocop"),
        ("gian hàng số 3", "gianhang"),
        ("gian hàng 3", "gianhang"),
        ("buổi tập huấn 3", "taphuan"),
        ("hộ được hướng dẫn 3", "huongdan"),
        ("sổ sức khỏe điện tử 3", "sskdt"),
        ("sskđt 3", "sskdt"),
    ],
)
def test_codes_and_aliases(text: str, indicator: str) -> None:
    for form in ("NFC", "NFD"):
        item = only_item("/bc " + unicodedata.normalize(form, text))
        assert (item.indicator, item.value) == (indicator, 3)


def test_whitespace_runs_inside_an_alias() -> None:
    assert only_item("/bc thanh   toán\tđiện  tử 3").indicator == "ttdt"


def test_alias_matches_whole_words_only() -> None:
    review = only_review("/bc dvcx 12")
    assert (review.reason, review.indicator, review.value) == (
        ReviewReason.UNKNOWN_INDICATOR,
        None,
        12,
    )
    assert only_review("/bc xttdt 3").reason == ReviewReason.UNKNOWN_INDICATOR


def test_longest_alias_wins_and_its_words_are_not_reused() -> None:
    # "gian hàng số" is one alias: the "gian hàng" inside it is not a second one, nor
    # is "số 3" read as a label.
    assert only_item("/bc gian hàng số 3").indicator == "gianhang"
    # "kích hoạt VNeID" takes "VNeID": one indicator, not two.
    assert only_item("/bc kích hoạt VNeID 3").indicator == "vneid"
    # "hộ được hướng dẫn" takes "hướng dẫn".
    assert only_item("/bc hộ được hướng dẫn 3").indicator == "huongdan"


def test_longest_alias_wins_even_when_it_starts_later() -> None:
    vocabulary = Vocabulary.build([("a", ["tài khoản"]), ("b", ["khoản thanh toán điện tử"])])
    result = parse("/bc tài khoản thanh toán điện tử 3", vocabulary)
    assert isinstance(result, ProgressReport)
    assert triples(result) == [("b", 3, False)]


def test_a_shorter_alias_still_fits_beside_a_longer_one() -> None:
    vocabulary = Vocabulary.build(
        [("a", ["x y"]), ("b", ["y z w"]), ("c", ["x"])],
    )
    # "y z w" (longest) takes y; "x y" no longer fits, but "x" does: two indicators.
    result = parse("/bc x y z w 3", vocabulary)
    assert isinstance(result, ProgressReport)
    assert result.review[0].reason == ReviewReason.TWO_INDICATORS


def test_aliases_with_digits() -> None:
    vocabulary = Vocabulary.build([("dvc4", ["dvc mức 4"]), ("dvc", ["dịch vụ công"])])

    def one(text: str) -> tuple[str, int]:
        result = parse(text, vocabulary)
        assert isinstance(result, ProgressReport) and not result.review, result
        (item,) = result.items
        return item.indicator, item.value

    assert one("/bc dvc mức 4: 12") == ("dvc4", 12)
    assert one("/bc DVC muc 4 12 hồ sơ") == ("dvc4", 12)
    assert one("/bc 12 hồ sơ dvc mức 4") == ("dvc4", 12)
    # "mức 45" is not "mức 4": what is left is code "dvc", and "mức 45" is a label
    assert one("/bc dvc mức 45: 12") == ("dvc", 12)


def test_alias_with_punctuation_matches_exactly() -> None:
    vocabulary = Vocabulary.build([("vdt", ["e-wallet"]), ("z", ["mạng 4g"])])
    assert parse("/bc e-wallet 3", vocabulary) == ProgressReport(
        (Item("vdt", 3, False, "e-wallet 3"),), ()
    )
    assert parse("/bc mạng 4G: 3", vocabulary) == ProgressReport(
        (Item("z", 3, False, "mạng 4G: 3"),), ()
    )
    # whitespace where the alias has none: not the alias
    for text in ("/bc e - wallet 3", "/bc mạng 4 g 3"):
        result = parse(text, vocabulary)
        assert isinstance(result, ProgressReport)
        assert result.items == (), text


def test_same_alias_for_two_codes_goes_to_review() -> None:
    vocabulary = Vocabulary.build([("a", ["hướng dẫn"]), ("b", ["Hướng Dẫn"])])
    result = parse("/bc hướng dẫn 3", vocabulary)
    assert isinstance(result, ProgressReport)
    assert result.review == (ReviewItem("hướng dẫn 3", ReviewReason.TWO_INDICATORS, None, 3),)


def test_the_same_indicator_named_twice_is_one_indicator() -> None:
    item = only_item("/bc Thanh toán điện tử (TTĐT): 15 hộ")
    assert (item.indicator, item.value) == ("ttdt", 15)


def test_vocabulary_codes_and_build_details() -> None:
    assert VOCABULARY.codes == frozenset(code for code, _ in INDICATORS)
    vocabulary = Vocabulary.build(
        [("x", "hộ dân"), ("", ["lost"]), ("y", ["", "  ", "-", "2.0"]), ("01", ["ba"])]
    )
    assert vocabulary.codes == frozenset({"x", "y", "01"})
    # aliases given as one string are one alias, not letters
    result = parse("/bc hộ dân 4", vocabulary)
    assert isinstance(result, ProgressReport)
    assert triples(result) == [("x", 4, False)]
    assert parse("/bc d 4", vocabulary) == ProgressReport(
        (), (ReviewItem("d 4", ReviewReason.UNKNOWN_INDICATOR, None, 4),)
    )
    # aliases without a letter would eat numbers: ignored ("01" is no alias of 01)
    for text in ("/bc - 4", "/bc 2.0", "/bc 01 4"):
        result = parse(text, vocabulary)
        assert isinstance(result, ProgressReport)
        assert result.items == () and result.review[0].indicator is None, text
    assert parse("/bc ba 4", vocabulary) == ProgressReport((Item("01", 4, False, "ba 4"),), ())


def test_empty_vocabulary() -> None:
    result = parse("/bc ttdt 12", Vocabulary.build([]))
    assert result == ProgressReport(
        (), (ReviewItem("ttdt 12", ReviewReason.UNKNOWN_INDICATOR, None, 12),)
    )


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("12", 12),
        ("+12", 12),
        ("0", 0),
        ("007", 7),
        ("1.200", 1200),
        ("1,200", 1200),
        ("12.000", 12000),
        ("12.000.000", 12000000),
        ("1,234,567", 1234567),
    ],
)
def test_counts(written: str, value: int) -> None:
    for text in (f"/bc ttdt {written}", f"/bc {written} ttdt", f"/bc ttdt: {written} hộ"):
        item = only_item(text)
        assert (item.indicator, item.value, item.total) == ("ttdt", value, False), text


@pytest.mark.parametrize(
    "written", ["1,5", "2.5", "1.20", "0,5", "1.2345", "1.200,5", "1,200.50", "0.500", "1.200,000"]
)
def test_decimals_are_not_counts(written: str) -> None:
    review = only_review(f"/bc ttdt {written}")
    assert (review.reason, review.indicator, review.value) == (
        ReviewReason.NOT_A_COUNT,
        "ttdt",
        None,
    )


@pytest.mark.parametrize("written", ["12%", "12 %", "12/15", "3/40"])
def test_shares_are_not_counts(written: str) -> None:
    assert only_review(f"/bc ttdt {written}").reason == ReviewReason.NOT_A_COUNT


def test_very_long_digit_strings_are_not_counts() -> None:
    assert only_review("/bc ttdt " + "9" * 16).reason == ReviewReason.NOT_A_COUNT
    assert only_item("/bc ttdt " + "9" * 15).value == 10**15 - 1
    # far past int()'s digit limit: still no exception
    assert only_review("/bc ttdt " + "1" * 5000).reason == ReviewReason.NOT_A_COUNT


@pytest.mark.parametrize("text", ["/bc ttdt -5", "/bc ttdt: -5", "/bc -5 ttdt", "/bc ttdt =-5"])
def test_negative(text: str) -> None:
    review = only_review(text)
    assert (review.reason, review.indicator, review.value) == (ReviewReason.NEGATIVE, "ttdt", -5)


def test_unicode_minus_is_negative() -> None:
    assert only_review("/bc ttdt \u22125").reason == ReviewReason.NEGATIVE


@pytest.mark.parametrize("text", ["/bc ttdt - 5", "/bc dvc-5 hồ sơ"])
def test_detached_or_hyphen_dash_is_not_a_minus(text: str) -> None:
    assert only_item(text).value == 5


@pytest.mark.parametrize(
    "text",
    [
        "/bc ttdt 12 ngày 5/11",
        "/bc ngày 05/11/2026 ttdt 12",
        "/bc ttdt 12 (5-11-2026)",
        "/bc ttdt 12 (2026-11-05)",
        "/bc ttdt 12 05.11.2026",
        "/bc ttdt 12 lúc 8h30",
        "/bc ttdt 12 lúc 8h",
        "/bc ttdt 12 lúc 8g30",
        "/bc ttdt 12 lúc 8:30",
        "/bc ttdt 12 lúc 8 giờ",
        "/bc ttdt 12 trong 30 phút",
        "/bc ttdt tháng 10/2026: 12",
        "/bc ttdt 12 T10/2026",
        "/bc ttdt 12 tuần 3",
        "/bc quý 3 ttdt 12",
        "/bc đợt 2 ttdt 12",
        "/bc thôn 3 ttdt 12",
        "/bc thôn số 3 ttdt 12",
        "/bc xóm 2 ttdt 12",
        "/bc tổ 5 ttdt 12",
        "/bc tổ dân phố 7 ttdt 12",
        "/bc khu phố 2 ttdt 12",
        "/bc ttdt mức 2: 12",
        "/bc ttdt mức độ 2: 12",
        "/bc năm 2026 ttdt 12",
        "/bc ttdt 12 F0",
    ],
)
def test_dates_times_and_labels_are_not_numbers(text: str) -> None:
    item = only_item(text)
    assert (item.indicator, item.value) == ("ttdt", 12)


def test_a_false_date_is_a_share() -> None:
    assert only_review("/bc ttdt 12/40").reason == ReviewReason.NOT_A_COUNT


def test_a_range_is_two_numbers() -> None:
    assert only_review("/bc ttdt 5-7 hộ").reason == ReviewReason.TWO_NUMBERS


def test_space_separates_two_numbers() -> None:
    assert only_review("/bc ttdt 1 200").reason == ReviewReason.TWO_NUMBERS


def test_number_stuck_to_an_alias_counts_but_not_to_another_word() -> None:
    assert only_item("/bc ttdt12").value == 12
    assert only_item("/bc 12ttdt").value == 12
    assert only_item("/bc ttdt 12hộ").value == 12


# ---------------------------------------------------------------------------- totals


@pytest.mark.parametrize(
    "text",
    [
        "/bc ttdt =45",
        "/bc ttdt=45",
        "/bc ttdt = 45",
        "/bc ttdt: =45",
        "/bc tổng ttdt 45",
        "/bc ttdt tổng 45",
        "/bc ttdt tong 45",
        "/bc TỔNG số ttdt: 45",
        "/bc ttdt tổng cộng 45",
        "/bc lũy kế ttdt 45",
        "/bc ttdt luỹ kế 45",
        "/bc ttdt cộng dồn 45",
    ],
)
def test_totals(text: str) -> None:
    item = only_item(text)
    assert (item.indicator, item.value, item.total) == ("ttdt", 45, True)


@pytest.mark.parametrize(
    "text",
    ["/bc ttdt 45", "/bc ttdt +45", "/bc tổng hợp ttdt 45", "/bc tổng kết: ttdt 45", "/bc 45 ttdt"],
)
def test_not_totals(text: str) -> None:
    item = only_item(text)
    assert (item.indicator, item.value, item.total) == ("ttdt", 45, False)


# -------------------------------------------------------------------- review reasons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/bc 12 hộ", ReviewItem("12 hộ", ReviewReason.UNKNOWN_INDICATOR, None, 12)),
        ("/bc 12 15 hộ", ReviewItem("12 15 hộ", ReviewReason.UNKNOWN_INDICATOR, None, None)),
        ("/bc ttdt dvc 5", ReviewItem("ttdt dvc 5", ReviewReason.TWO_INDICATORS, None, 5)),
        ("/bc ttdt dvc", ReviewItem("ttdt dvc", ReviewReason.TWO_INDICATORS, None, None)),
        ("/bc ttdt", ReviewItem("ttdt", ReviewReason.NO_NUMBER, "ttdt", None)),
        ("/bc ttdt 5/11", ReviewItem("ttdt 5/11", ReviewReason.NO_NUMBER, "ttdt", None)),
        ("/bc ttdt 12 15", ReviewItem("ttdt 12 15", ReviewReason.TWO_NUMBERS, "ttdt", None)),
        ("/bc ttdt 12 (40%)", ReviewItem("ttdt 12 (40%)", ReviewReason.TWO_NUMBERS, "ttdt", 12)),
        ("/bc ttdt 2,5", ReviewItem("ttdt 2,5", ReviewReason.NOT_A_COUNT, "ttdt", None)),
        ("/bc ttdt -2", ReviewItem("ttdt -2", ReviewReason.NEGATIVE, "ttdt", -2)),
    ],
)
def test_review_reasons(text: str, expected: ReviewItem) -> None:
    assert only_review(text) == expected


@pytest.mark.parametrize(
    "text", ["/bc Kết quả tuần này", "/bc cảm ơn cả nhà", "/bc ---", "/bc ngày 5/11"]
)
def test_neither_indicator_nor_number_is_skipped(text: str) -> None:
    report = progress(text + "\nttdt 1")
    assert triples(report) == [("ttdt", 1, False)]
    assert report.review == ()


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("/bc", ""),
        ("/bc   ", ""),
        ("báo cáo:", ""),
        ("#bc cảm ơn", "cảm ơn"),
        ("/bc Kết quả tuần này\nchưa có gì", "Kết quả tuần này\nchưa có gì"),
    ],
)
def test_nothing_understood_is_empty(text: str, rest: str) -> None:
    assert parse(text, VOCABULARY) == ProgressReport(
        (), (ReviewItem(rest, ReviewReason.EMPTY, None, None),)
    )


# --------------------------------------------------------------------------- monthly


@pytest.mark.parametrize(
    ("text", "month", "year"),
    [
        ("báo cáo tháng 10", 10, None),
        ("báo cáo tháng 10/2026", 10, 2026),
        ("bao cao thang 9-2026", 9, 2026),
        ("Báo cáo tháng 9 năm 2026", 9, 2026),
        ("/bcthang 10/2026", 10, 2026),
        ("/bcthang tháng 10", 10, None),
        ("/bcthang T10/2026", 10, 2026),
        ("/bcthang t10", 10, None),
        ("#bcthang của thôn Đông tháng 11/2026", 11, 2026),
        ("/bcthang10", 10, None),
        ("/bcthang", None, None),
        ("báo cáo tháng 13", None, None),
        ("báo cáo tháng: 12 ttdt", None, None),
    ],
)
def test_monthly_month(text: str, month: int | None, year: int | None) -> None:
    report = monthly(text + "\nttdt 1")
    assert (report.month, report.year) == (month, year)


def test_monthly_month_is_not_an_item() -> None:
    report = monthly("báo cáo tháng 10 ttdt 45")
    assert (report.month, triples(report), report.review) == (10, [("ttdt", 45, False)], ())


def test_monthly_sections() -> None:
    report = monthly(
        "/bcthang 10\n"
        "ttdt 45\n"
        "KHÓ KHĂN:\n"
        "- máy yếu\n"
        "- sóng kém\n"
        "đề xuất: thêm máy\n"
        "  và thêm người\n"
        "Cách làm hay - mô hình hiệu quả: đến từng nhà\n"
        "kho khan: lặp lại"
    )
    assert triples(report) == [("ttdt", 45, False)]
    assert report.difficulties == "- máy yếu\n- sóng kém\nlặp lại"
    assert report.proposals == "thêm máy\nvà thêm người"
    assert report.good_practices == "đến từng nhà"
    assert report.review == ()


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Khó khăn:", "difficulties"),
        ("Khó khăn, vướng mắc:", "difficulties"),
        ("2. Khó khăn", "difficulties"),
        ("II. KHÓ KHĂN, VƯỚNG MẮC", "difficulties"),
        ("Tồn tại, hạn chế:", "difficulties"),
        ("Đề xuất:", "proposals"),
        ("Đề xuất, kiến nghị:", "proposals"),
        ("Kiến nghị", "proposals"),
        ("- Đề xuất:", "proposals"),
        ("Cách làm hay:", "good_practices"),
        ("cach lam hay", "good_practices"),
        ("Mô hình hay:", "good_practices"),
        ("*Cách làm hay*:", "good_practices"),
    ],
)
def test_monthly_section_headers(header: str, field: str) -> None:
    for form in ("NFC", "NFD"):
        text = unicodedata.normalize(form, f"/bcthang\n{header}\nnội dung 5 hộ")
        report = monthly(text)
        assert getattr(report, field) == unicodedata.normalize(form, "nội dung 5 hộ"), header
        assert report.items == () and report.review == ()


def test_monthly_lines_outside_sections_are_items() -> None:
    report = monthly("/bcthang\nttdt =450\nKhó khăn: ít máy\nKết quả:\ndvc 2, 12 hộ")
    assert triples(report) == [("ttdt", 450, True), ("dvc", 2, False)]
    assert report.review == (ReviewItem("12 hộ", ReviewReason.UNKNOWN_INDICATOR, None, 12),)
    assert report.difficulties == "ít máy"


def test_section_header_without_colon_keeps_its_words() -> None:
    report = monthly("/bcthang\nĐề xuất cấp thêm 5 máy tính")
    assert report.proposals == "Đề xuất cấp thêm 5 máy tính"


def test_empty_monthly_report() -> None:
    assert monthly("/bcthang") == MonthlyReport(
        None, None, (), (ReviewItem("", ReviewReason.EMPTY, None, None),), "", "", ""
    )
    assert monthly("/bcthang 10").review == (ReviewItem("", ReviewReason.EMPTY, None, None),)


def test_monthly_with_only_a_section_is_not_empty() -> None:
    report = monthly("báo cáo tháng 10\nKhó khăn: chưa có máy")
    assert (report.review, report.difficulties) == ((), "chưa có máy")


# ------------------------------------------------------------------ unicode and case


def test_nfc_and_nfd_messages_parse_alike() -> None:
    for case in CASES:
        nfc = parse(unicodedata.normalize("NFC", case["text"]), VOCABULARY)
        nfd = parse(unicodedata.normalize("NFD", case["text"]), VOCABULARY)
        assert type(nfc) is type(nfd), case["id"]
        if isinstance(nfc, ProgressReport | MonthlyReport):
            assert isinstance(nfd, ProgressReport | MonthlyReport)
            assert triples(nfc) == triples(nfd), case["id"]
            assert [r.reason for r in nfc.review] == [r.reason for r in nfd.review]
