from __future__ import annotations

from datetime import date

import pytest

from tracker.periods import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "month"),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "month"),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "quarter"),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), "quarter"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
    ],
)
def test_periods(text: str, start: date, end: date, kind: str) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "11/2026", "2026-1", ""])
def test_bad_periods_say_what_is_expected(text: str) -> None:
    with pytest.raises(PeriodError, match="YYYY-MM, YYYY-Qn or YYYY"):
        Period.parse(text)


def test_containing() -> None:
    assert Period.parse("2026-Q1").containing(date(2026, 8, 3)) == Period.parse("2026-Q3")
    assert date(2026, 11, 30) in Period.parse("2026-11")
