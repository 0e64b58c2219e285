"""Folded text cut into tokens, and the indicators people name in it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

from tracker.text import fold

# Folded text is cut into tokens: words (letters only), numbers (digits, with the
# separators of thousands, decimals, dates, times and ranges inside) and single other
# characters, each marked with whether whitespace comes before it. "ttdt12" is two
# tokens, "dvcx" one: so alias "dvc" cannot match inside "dvcx", nor "mức 4" inside
# "mức 4.000".
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,/:\-]\d+)*|\S")
_TOKEN_ASCII = re.compile(r"[a-z]+|\d+(?:[.,/:\-]\d+)*|\S")  # the same for ASCII, faster

# An alias, keyed by its first token: its length, its other tokens, whether whitespace
# comes before each of them, and the codes it names.
_Entry: TypeAlias = tuple[int, list[str], list[bool], frozenset[str]]


def tokenize(folded: str) -> tuple[list[bool], list[str]]:
    """(whether whitespace comes before each token, tokens) of folded text."""
    pattern = _TOKEN_ASCII if folded.isascii() else _TOKEN  # folded ASCII is lower case
    spaces: list[bool] = []
    words: list[str] = []
    for chunk in folded.split():
        if chunk.isalpha() or chunk.isdecimal():  # most chunks: one token
            spaces.append(True)
            words.append(chunk)
        elif ((head := chunk[:-1]).isalpha() or head.isdecimal()) and not chunk[-1].isalnum():
            spaces.append(True)  # "tử:", "12.", "hộ)": a token and a mark
            spaces.append(False)
            words.append(head)
            words.append(chunk[-1])
        else:
            tokens = pattern.findall(chunk)
            spaces.append(True)
            spaces.extend([False] * (len(tokens) - 1))
            words.extend(tokens)
    return spaces, words


class Vocabulary:
    """The indicators people can name, and how they name them.

    Build it with `Vocabulary.build`; it is immutable and can be shared.
    """

    __slots__ = ("_codes", "_index")

    def __init__(self, codes: frozenset[str], index: dict[str, tuple[_Entry, ...]]) -> None:
        self._codes = codes
        self._index = index  # first token of an alias -> its entries, longest first

    @classmethod
    def build(cls, indicators: Iterable[tuple[str, Iterable[str]]]) -> Vocabulary:
        """Build from ``(code, aliases)`` pairs; the code is an alias of itself.

        Aliases are folded and match whole words, with any run of whitespace where the
        alias has whitespace (and none where it has none). An alias given for two codes
        is kept for both: an item naming it goes to review as TWO_INDICATORS. Empty
        codes are ignored, and so are aliases without a letter ("-", "01", "2.0"):
        they would take the numbers of every message.
        """
        codes: set[str] = set()
        by_shape: dict[tuple[tuple[str, ...], tuple[bool, ...]], set[str]] = {}
        for code, aliases in indicators:
            if not code.strip():
                continue
            codes.add(code)
            names = [aliases] if isinstance(aliases, str) else list(aliases)
            for name in [code, *names]:
                spaces, words = tokenize(fold(name))
                if any(word.isalpha() for word in words):
                    shape = (tuple(words), tuple(spaces[1:]))
                    by_shape.setdefault(shape, set()).add(code)
        index: dict[str, list[_Entry]] = {}
        for (shape_words, spaced), owners in by_shape.items():
            length = sum(map(len, shape_words)) + sum(spaced)
            entry = (length, list(shape_words[1:]), list(spaced), frozenset(owners))
            index.setdefault(shape_words[0], []).append(entry)
        for entries in index.values():
            entries.sort(key=lambda entry: (-entry[0], entry[1]))
        return cls(frozenset(codes), {first: tuple(entries) for first, entries in index.items()})

    @property
    def codes(self) -> frozenset[str]:
        return self._codes

    def _claim(
        self, spaces: list[bool], words: list[str]
    ) -> tuple[list[frozenset[str]], list[bool]]:
        """Find the aliases among the tokens of an item.

        The longest alias wins wherever it starts, then the next longest among the
        tokens left, and so on: a token belongs to one alias at most. Returns the codes
        of each alias found, in text order, and which tokens the aliases took.
        """
        index = self._index
        count = len(words)
        candidates: list[tuple[int, int, int, frozenset[str]]] = []
        for first, word in enumerate(words):
            entries = index.get(word)
            if entries is None:
                continue
            for length, rest, spaced, owners in entries:
                last = first + len(rest)
                if (
                    rest
                    and (
                        last >= count
                        or words[first + 1] != rest[0]  # cheap test before slicing
                        or words[first + 1 : last + 1] != rest
                        or spaces[first + 1 : last + 1] != spaced
                    )
                ):
                    continue
                candidates.append((-length, first, last, owners))
        claimed = [False] * count
        if not candidates:
            return [], claimed
        if len(candidates) == 1:
            _, first, last, owners = candidates[0]
            claimed[first : last + 1] = [True] * (last - first + 1)
            return [owners], claimed
        # Longest first, then leftmost. Two aliases matching at one place differ in
        # length (one's tokens are a prefix of the other's), so codes are never compared.
        candidates.sort()
        chosen: list[tuple[int, frozenset[str]]] = []
        for _, first, last, owners in candidates:
            if True in claimed[first : last + 1]:
                continue
            claimed[first : last + 1] = [True] * (last - first + 1)
            chosen.append((first, owners))
        if len(chosen) > 1:
            chosen.sort(key=lambda hit: hit[0])
        return [owners for _, owners in chosen], claimed


def raw_offset(raw: str, folded_offset: int) -> int:
    """Index in `raw` that corresponds to `folded_offset` in ``fold(raw)``.

    fold is length-additive code point by code point (tested), so the raw prefix
    whose fold has that length is the answer; the diacritics right after it (which
    fold to nothing) are included.
    """
    if folded_offset <= 0:
        return 0
    if raw.isascii():
        return min(folded_offset, len(raw))
    if len(fold(raw[:folded_offset])) == folded_offset:
        index = folded_offset  # each code point folded to one: NFC Vietnamese
    else:
        length = index = 0
        while index < len(raw) and length < folded_offset:
            length += len(fold(raw[index]))
            index += 1
    while index < len(raw) and not raw[index].isascii() and not fold(raw[index]):
        index += 1
    return index
