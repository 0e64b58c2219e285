"""Numbers, shares and dates as Vietnamese officers type them in a spreadsheet.

`1.200` is twelve hundred (`.` groups thousands), `30,5%` is a share with a decimal comma,
and a due date may be `2026-06-30` or `30/6/2026`. A period is a month, quarter or year in
any of the ways below; Excel turns `2026-11` or `11/2026` typed in a cell into the date
1 Nov 2026, so a date where a period is expected means its month.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from tracker.periods import Period, PeriodError
from tracker.text import fold

_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
# A whole number as a program writes a float column to CSV: `1200.0`. Three zeros or more
# after the point would be a thousands group (`12.000` is twelve thousand): left to _GROUPED.
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0{1,2}$")
_SHARE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")
# How Excel holds a percentage in a cell not formatted as one: 60% is 0.6.
_FRACTION = re.compile(r"^0[.,](\d+)$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A date cell shown in the "General" format is its serial number: days since 30 Dec 1899.
# Only serials of this century are taken: no year, month or day is written that way.
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = range(36526, 73051)  # 2000-01-01 to 2099-12-31
# Months and quarters after folding: "Tháng 11 năm 2026" -> "thang 11 nam 2026".
_MONTH_WORD = r"(?:thang|th|t|month)?"
_MONTH_YEAR = re.compile(rf"^{_MONTH_WORD}\s*(\d{{1,2}})\s*(?:[/.\-]|\s|nam)\s*(\d{{4}})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})$")
_QUARTER = re.compile(r"^(?:quy|q)\s*([1-4]|i{1,3}|iv)\s*(?:[/.\-]|\s|nam)\s*(\d{4})$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def count(text: str) -> int | None:
    """A non-negative whole number, or None if `text` is not one."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    if whole := _WHOLE_FLOAT.match(text):
        return int(whole.group(1))
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


def cell_share(text: str) -> Decimal | None:
    """A share as a spreadsheet cell holds it: `30%`, or `0.3` from a cell not formatted
    as a percentage (a count is whole, so a number between 0 and 1 can only be a share)."""
    if fraction := _FRACTION.match(text.strip()):
        percent = Decimal("0." + fraction.group(1)) * 100
        # 0.305 gives 30.500: drop the zeros so that 30.5 reads and compares as typed.
        return percent.quantize(Decimal(1)) if percent % 1 == 0 else percent.normalize()
    return share(text)


def day(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY (also with `.` or `-`), or None."""
    text = text.strip()
    if _SERIAL.match(text) and int(float(text)) in _SERIALS:
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
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


def period(text: str) -> Period | None:
    """The period in `2026-11`, `11/2026`, `T11/2026`, `tháng 11 năm 2026`, `2026-Q4`,
    `quý IV/2026`, `2026`, or a date (its month); None if `text` names none."""
    try:
        return Period.parse(text)
    except PeriodError:
        pass
    spelled = " ".join(fold(text).replace(",", " ").split())
    month = year = None
    if match := _MONTH_YEAR.match(spelled):
        month, year = int(match.group(1)), int(match.group(2))
    elif match := _YEAR_MONTH.match(spelled):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _QUARTER.match(spelled):
        number = match.group(1)
        quarter = _ROMAN.get(number) or int(number)
        return Period.parse(f"{match.group(2)}-Q{quarter}")
    elif match := _YEAR.match(spelled):
        return Period.parse(match.group(1))
    elif found := day(text):
        return Period.month_of(found)
    if month is None or year is None or not 1 <= month <= 12:
        return None
    return Period.month(year, month)
