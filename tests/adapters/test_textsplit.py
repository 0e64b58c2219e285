from __future__ import annotations

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
