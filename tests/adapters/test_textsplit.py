from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from adapters.textsplit import split_text, utf16_length


def test_paragraphs_then_lines_then_spaces() -> None:
    text = "aaaa bbbb\ncccc\n\ndddd"
    assert split_text(text, 20) == [text]
    assert split_text(text, 14) == ["aaaa bbbb\ncccc", "dddd"]
    assert split_text(text, 9) == ["aaaa bbbb", "cccc", "dddd"]
    assert split_text(text, 5) == ["aaaa", "bbbb", "cccc", "dddd"]
    assert split_text("abcdefgh", 3) == ["abc", "def", "gh"]


def test_utf16_units() -> None:
    assert utf16_length("đ👍") == 3
    assert split_text("👍👍👍", 4) == ["👍👍", "👍"]


@given(st.text(alphabet=st.sampled_from("ab đ👍\n"), max_size=300), st.integers(2, 40))
def test_no_piece_is_too_long_and_nothing_but_separators_is_lost(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(utf16_length(p) <= limit for p in pieces)
    squeeze = "".join(text.split())
    assert "".join("".join(p.split()) for p in pieces) == squeeze


def test_a_cut_in_a_word_keeps_accents_and_emoji_sequences_whole() -> None:
    # Decomposed Vietnamese (NFD, as some phones and macOS send it): "ễ" is e + ̂ + ̃;
    # 👨‍👩‍👧 is three emoji joined by zero-width joiners; 👍🏽 an emoji and a skin tone.
    word = unicodedata.normalize("NFD", "NguyễnThịHường") + "👨‍👩‍👧👍🏽𝕏😀"
    text = word * 30  # no space to cut at
    for limit, measure in ((10, utf16_length), (13, utf16_length), (9, len), (20, len)):
        pieces = split_text(text, limit, measure)
        assert "".join(pieces) == text
        for piece in pieces:
            assert measure(piece) <= limit
            assert unicodedata.combining(piece[0]) == 0
            assert piece[0] not in "\u200d\ufe0f" and not "\U0001f3fb" <= piece[0] <= "\U0001f3ff"
            assert piece[-1] != "\u200d"


@given(
    st.text(alphabet=st.sampled_from("ađ𝕏😀\u0303\u0323\u200d\U0001f3fd"), max_size=200),
    st.integers(2, 40),
)
def test_no_piece_is_too_long_with_marks_and_joiners(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(utf16_length(p) <= limit for p in pieces)
    assert "".join(pieces) == text
