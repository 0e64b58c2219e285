"""Fitting digests to chat messages: bars, escaping and splitting between paragraphs."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from adapters.telegram import TelegramAdapter
from adapters.textsplit import split_text, utf16_length
from tracker.digest import bar, escape, limit_for, split_message
from tracker.digest.split import measure_for


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


def test_each_channel_counts_length_as_its_adapter_says() -> None:
    assert measure_for("telegram")("Tổ 𝕏 😀") == 8  # UTF-16: 𝕏 and 😀 are two units each
    assert measure_for("zalo")("Tổ 𝕏 😀") == 6
    assert measure_for("telegram") == TelegramAdapter.capabilities.text_length


def _digest_like_text() -> str:
    """A long digest as officers write team names and task titles: emoji and 𝕏 included."""
    lines = [
        f"{n}. 🏆 Tổ CNCĐ 𝕏 thôn Đông {n} — 😀 đạt {n % 100}% ✅ (dvc {n}/30, ttdt {n}/75)"
        for n in range(1, 241)
    ]
    return "\n\n".join("\n".join(lines[i : i + 12]) for i in range(0, len(lines), 12))


def test_a_telegram_digest_part_goes_out_as_exactly_one_message() -> None:
    text = _digest_like_text()
    limit = limit_for("telegram")
    parts = split_message(text, limit, measure_for("telegram"))
    assert len(parts) > 3
    for part in parts:
        assert utf16_length(part) <= 4096
        # What the Telegram adapter does on sending: a part it must cut again would go
        # out as two messages (5 parts went out as 8).
        assert split_text(part, TelegramAdapter.capabilities.max_text_length) == [part]
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_a_cut_inside_a_line_keeps_accents_and_emoji_whole() -> None:
    # Decomposed Vietnamese (as some keyboards and macOS type it): "ễ" is e + ̂ + ̃.
    name = unicodedata.normalize("NFD", "Nguyễn Thị Hường ")
    line = (name + "👨‍👩‍👧 👍🏽 ") * 40
    for limit in (10, 11, 23, 50):
        parts = split_message(line, limit, measure_for("telegram"))
        assert "".join(parts) == line.strip("\n")
        for part in parts:
            assert utf16_length(part) <= limit
            assert unicodedata.combining(part[0]) == 0
            assert part[0] not in "\u200d\ufe0f" and not "\U0001f3fb" <= part[0] <= "\U0001f3ff"
            assert part[-1] != "\u200d"


@given(
    st.lists(
        st.lists(
            st.text(alphabet="ab ▓ố𝕏😀\u0303\u0323", min_size=1, max_size=30),
            min_size=1,
            max_size=5,
        ),
        max_size=12,
    ),
    st.integers(min_value=30, max_value=200),
)
def test_split_in_utf16_units_never_exceeds_the_limit_and_loses_nothing(
    paragraphs: list[list[str]], limit: int
) -> None:
    text = "\n\n".join("\n".join(lines) for lines in paragraphs)
    parts = split_message(text, limit, utf16_length)
    assert all(0 < utf16_length(part) <= limit for part in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
