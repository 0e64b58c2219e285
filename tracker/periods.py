"""Reporting periods: `YYYY-MM` (month), `YYYY-Qn` (quarter), `YYYY` (year)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from tracker.errors import Refusal

PeriodKind = Literal["month", "quarter", "year"]

_PATTERN = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|[Qq]([1-4])))?$")


class PeriodError(Refusal, ValueError):
    """A period that does not follow YYYY-MM, YYYY-Qn or YYYY."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    kind: PeriodKind

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PATTERN.match(text.strip())
        if not match:
            raise PeriodError("period.bad", text=text)
        year = int(match.group(1))
        if match.group(2):
            return cls.month(year, int(match.group(2)))
        if match.group(3):
            quarter = int(match.group(3))
            first = date(year, 3 * quarter - 2, 1)
            return cls(first, _month_end(year, 3 * quarter), "quarter")
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _month_end(year, month), "month")

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls.month(day.year, day.month)

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return str(self.start.year)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def containing(self, day: date) -> Period:
        """The period of the same kind that holds `day`."""
        if self.kind == "month":
            return Period.month_of(day)
        if self.kind == "quarter":
            return Period.parse(f"{day.year}-Q{(day.month + 2) // 3}")
        return Period.parse(str(day.year))


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)
