"""Fitting digests to chat messages: bars, escaping and splitting between paragraphs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tracker.digest import bar, escape, limit_for, split_message


def test_bar() -> None:
    assert bar(0.52) == "▓▓▓▓▓░░░░░ 52%"
    assert bar(0.0) == "░░░░░░░░░░ 0%"
    assert bar(1.25) == "▓▓▓▓▓▓▓▓▓▓ 125%"
    assert bar(-0.1) == "░░░░░░░░░░ -10%"
    assert bar(0.525) == "▓▓▓▓▓░░░░░ 53%"


def test_escape_for_telegram_html() -> None:
    assert escape('Tổ <A> & "B"') == 'Tổ &lt;A&gt; &amp; "B"'


def test_limits() -> None:
    assert limit_for("telegram") == 4096
    assert limit_for("zalo") == 2000


def test_split_keeps_paragraphs_whole() -> None:
    text = "aaaa\nbbbb\n\ncccc\n\ndddd"
    assert split_message(text, 100) == [text]
    assert split_message(text, 15) == ["aaaa\nbbbb\n\ncccc", "dddd"]
    assert split_message(text, 10) == ["aaaa\nbbbb", "cccc\n\ndddd"]


def test_split_cuts_a_paragraph_too_long_for_one_message_between_lines() -> None:
    assert split_message("aaa\nbbb\nccc", 7) == ["aaa\nbbb", "ccc"]
    assert split_message("x" * 10, 4) == ["xxxx", "xxxx", "xx"]


@given(
    st.lists(
        st.lists(st.text(alphabet="ab ▓ố", min_size=1, max_size=30), min_size=1, max_size=5),
        max_size=12,
    ),
    st.integers(min_value=30, max_value=200),
)
def test_split_never_exceeds_the_limit_and_loses_nothing(
    paragraphs: list[list[str]], limit: int
) -> None:
    text = "\n\n".join("\n".join(lines) for lines in paragraphs)
    parts = split_message(text, limit)
    assert all(0 < len(part) <= limit for part in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
