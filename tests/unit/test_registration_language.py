"""Registration messages in the report language (CONTRACTS §4): `/dangky PHONE` and its
spellings, Telegram's `/start`, and the everyday words that are not one."""

from __future__ import annotations

import pytest

from tracker.reports.language import Chatter, ProgressReport, Registration, Vocabulary, parse

VOCABULARY = Vocabulary.build([("ttdt", ["thanh toán điện tử"]), ("dvc", ["dịch vụ công"])])


@pytest.mark.parametrize(
    "text",
    [
        "/dangky 0912.345.678",
        "/dangky 0912 345 678",
        "/DangKy +84 912 345 678",
        "/dk 84912345678",
        "/dangky@ourbot 0912345678",
        "đăng ký 0912345678",
        "Đăng ký: +84 912 345 678",
        "ĐĂNG KÝ 0912.345.678",
        "dang ky 0912345678",
        "dk 0912 345 678",
        "đăng ký 0912345678.",
    ],
)
def test_spellings_of_a_registration(text: str) -> None:
    result = parse(text, VOCABULARY)
    assert isinstance(result, Registration) and result.phone == "0912345678"


@pytest.mark.parametrize("text", ["/dangky", "/dk số của tôi", "/dangky 12345"])
def test_a_command_without_a_phone_is_still_a_registration_to_answer(text: str) -> None:
    result = parse(text, VOCABULARY)
    assert isinstance(result, Registration) and result.phone is None


@pytest.mark.parametrize(
    "text",
    [
        "đăng ký VNeID cho 5 hộ",
        "dk rồi nhé",
        "đăng ký tham gia tập huấn",
        "dkm",
        "/dangkyx 0912345678",
    ],
)
def test_everyday_words_are_chat(text: str) -> None:
    assert parse(text, VOCABULARY) == Chatter()


def test_start_asks_for_a_phone() -> None:
    assert parse("/start", VOCABULARY) == Registration(None, "", start=True)
    assert parse("/start@ourbot", VOCABULARY) == Registration(None, "", start=True)


def test_a_report_in_words_is_still_a_report() -> None:
    result = parse("Báo cáo: thanh toán điện tử 4 hộ", VOCABULARY)
    assert isinstance(result, ProgressReport)
    assert [(i.indicator, i.value) for i in result.items] == [("ttdt", 4)]
