"""Numbers, shares and dates as Vietnamese officers type them in a spreadsheet.

`1.200` is twelve hundred (`.` groups thousands), `30,5%` is a share with a decimal comma,
and a due date may be `2026-06-30` or `30/6/2026`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_SHARE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def count(text: str) -> int | None:
    """A non-negative whole number, or None if `text` is not one."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    return None


def share(text: str) -> Decimal | None:
    """The percentage in `30%` or `30,5%` (30 or 30.5), or None if `text` is not one."""
    match = _SHARE.match(text.strip())
    if not match:
        return None
    try:
        return Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None


def day(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY (also with `.` or `-`), or None."""
    text = text.strip()
    if match := _YMD.match(text):
        year, month, day_ = (int(part) for part in match.groups())
    elif match := _DMY.match(text):
        day_, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day_)
    except ValueError:
        return None
