"""tracker.text: the comparison form of Vietnamese chat text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tracker.text import fold, squash_spaces

VIETNAMESE = [
    "Thanh toán điện tử",
    "Định danh điện tử",
    "Sổ sức khỏe điện tử",
    "Báo cáo tháng",
    "Khó khăn, vướng mắc",
    "Cách làm hay",
    "Tổ công nghệ số cộng đồng",
    "Nguyễn Thị Hương",
    "ỦY BAN NHÂN DÂN XÃ",
]


@pytest.mark.parametrize("text", VIETNAMESE)
def test_nfc_and_nfd_fold_alike(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert nfc != nfd  # the test means something only if the forms differ
    assert fold(nfc) == fold(nfd)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanh toán điện tử", "thanh toan dien tu"),
        ("Định danh điện tử", "dinh danh dien tu"),
        ("ĐƯỜNG", "duong"),
        ("đ", "d"),
        ("Đ", "d"),
        ("ttđt", "ttdt"),
        ("Sổ sức khỏe điện tử", "so suc khoe dien tu"),
        ("ỦY BAN", "uy ban"),
        ("Kích hoạt VNeID", "kich hoat vneid"),
    ],
)
def test_strips_diacritics_maps_d_stroke_and_lowers(text: str, expected: str) -> None:
    assert fold(text) == expected
    assert fold(unicodedata.normalize("NFD", text)) == expected


def test_case_is_folded_not_just_lowered() -> None:
    assert fold("STRASSE") == fold("Straße") == "strasse"
    assert fold("BÁO CÁO") == fold("báo cáo") == fold("Báo Cáo") == "bao cao"


def test_ascii_is_only_lowered() -> None:
    assert fold("/BC@CNCD_Bot ttdt 12, DVC 5") == "/bc@cncd_bot ttdt 12, dvc 5"


def test_other_scripts_survive() -> None:
    assert fold("日本語 ✅ 12") == "日本語 ✅ 12"


@given(st.text())
@example("ǰ")  # casefold of a letter that NFD splits
@example("ᾼ")  # Greek with ypogegrammeni, which casefolds to a letter
@example("İ")  # casefolds to i + combining dot
@example("a\u0951\u093c")  # marks of another script, out of canonical order
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_fold_ignores_unicode_form(text: str) -> None:
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(st.text())
def test_fold_length_is_additive(text: str) -> None:
    # The parser maps positions in folded text back to the raw text one code point at
    # a time; that needs fold to act code point by code point as far as length goes.
    assert len(fold(text)) == sum(len(fold(ch)) for ch in text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a  b\t\tc \n d ", "a b c d"),
        ("", ""),
        ("\n\t ", ""),
        ("dịch\u00a0vụ   công", "dịch vụ công"),
        ("one", "one"),
    ],
)
def test_squash_spaces(text: str, expected: str) -> None:
    assert squash_spaces(text) == expected
