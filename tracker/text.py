"""Text helpers for Vietnamese chat text.

`fold` gives the form used for every comparison of what people type: it does not
depend on the Unicode form (NFC or NFD), on case or on diacritics, and `đ` matches `d`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "joins", "squash_spaces"]

# The general-purpose combining diacritics (the blocks Latin, Greek and Cyrillic
# letters decompose into under NFD; all of Vietnamese's tone and vowel marks are in
# U+0300-U+036F). Marks that are letters' vowel signs in other scripts (Devanagari,
# Thai, ...) are kept: removing them would merge different words.
_MARK_RANGES = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_DIACRITICS = re.compile(f"[{_MARK_RANGES}]+")
# Anything that is neither ASCII nor one of those marks: its presence means the
# general path; its absence (all Vietnamese text) allows a much faster one.
_NOT_ASCII_OR_MARK = re.compile(f"[^\x00-\x7f{_MARK_RANGES}]")


def fold(text: str) -> str:
    """Return `text` in its comparison form.

    NFD-decomposed, diacritics removed, `đ`/`Đ` mapped to `d`, casefolded. NFC and NFD
    inputs give the same result and ``fold(fold(x)) == fold(x)`` for every string.
    The result is meant for matching, not for display.
    """
    if text.isascii():
        # ASCII has nothing to decompose and casefold() equals lower() on it.
        return text.lower()
    # `đ`/`Đ` are letters of their own, not `d` plus a mark: NFD leaves them alone.
    # (str.replace is several times faster than str.translate here.)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    if _NOT_ASCII_OR_MARK.search(decomposed) is None:
        # Only ASCII and diacritics left: dropping every non-ASCII code point drops
        # exactly the diacritics.
        return decomposed.encode("ascii", "ignore").decode("ascii").lower()
    # Marks go before casefold: e.g. U+0345 (Greek ypogegrammeni) casefolds to a letter.
    return _DIACRITICS.sub("", decomposed).casefold()


def squash_spaces(text: str) -> str:
    """Collapse every run of whitespace to one space and strip both ends."""
    return " ".join(text.split())


_ZWJ = "\u200d"


def joins(before: str, after: str) -> bool:
    """Whether a reader sees `after` as part of the same character as `before`, so that
    text must not be cut between them: a combining mark (the accents of decomposed
    Vietnamese), a variation selector, an emoji skin tone, or either side of a zero-width
    joiner (👨‍👩‍👧)."""
    return (
        unicodedata.category(after) in ("Mn", "Me")
        or unicodedata.combining(after) != 0
        or "\ufe00" <= after <= "\ufe0f"
        or "\U0001f3fb" <= after <= "\U0001f3ff"
        or _ZWJ in (before, after)
    )
