"""Vietnamese phone numbers as people write them, reduced to one form for storing and matching.

A roster is typed by hand or kept in Excel, which drops the leading 0 of a number typed
in a number cell (`912345678`, even `912345678.0`), and people add spaces, dots, dashes,
brackets and the country code (`+84 912 345 678`, `84912345678`, `(024) 3825 3123`).
Whatever the spelling, a number is stored as its national digits with the leading 0:
10 digits for a mobile (`0912345678`), 11 for a landline (`02438253123`). Registration
by phone compares these forms, so the same person typed two ways is one number.
"""

from __future__ import annotations

import re

__all__ = ["mask_phone", "normalise_phone"]

# What may stand between the digits of one number.
_SEPARATORS = re.compile(r"[\s.\-()/\u00a0\u2010-\u2015]+")
# A number cell read back as text ("912345678.0"): the ".0" is not part of the number.
_FLOAT_TAIL = re.compile(r"\.0+$")
# Mobile numbers since 2018: 0 then 3, 5, 7, 8 or 9, then 8 digits.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
# Landlines: 0 then an area code starting with 2, 11 digits in all.
_LANDLINE = re.compile(r"^02\d{9}$")
# The 11-digit mobile prefixes retired in 2018 and the prefixes that replaced them:
# old rosters still hold them, and the person now answers on the new number.
_RENUMBERED = {
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    "0162": "032",
    "0163": "033",
    "0164": "034",
    "0165": "035",
    "0166": "036",
    "0167": "037",
    "0168": "038",
    "0169": "039",
    "0186": "056",
    "0188": "058",
    "0199": "059",
}


def normalise_phone(text: str) -> str | None:
    """The phone's stored form (`0912345678`), or None if `text` cannot be a Vietnamese phone."""
    raw = _FLOAT_TAIL.sub("", text.strip().lstrip("'"))
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            return None  # a foreign number: not one a member registers with here
    elif digits.startswith("0084"):
        digits = digits[2:]
    if not digits.isascii() or not digits.isdigit():
        return None
    if digits.startswith("840") and len(digits) in (12, 13):
        digits = digits[2:]  # "+84 (0) 912 345 678"
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits  # the 0 Excel dropped
    if len(digits) == 11 and digits[:4] in _RENUMBERED:
        digits = _RENUMBERED[digits[:4]] + digits[4:]
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    return None


def mask_phone(phone: str) -> str:
    """A stored phone with only its first two and last three digits shown: `09xx xxx 678`."""
    hidden = len(phone) - 5
    if hidden < 3:
        return "x" * len(phone)
    return f"{phone[:2]}{'x' * (hidden - 3)} xxx {phone[-3:]}"
