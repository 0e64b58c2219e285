"""Largest-remainder allocation: the parts add up, follow the households, and are stable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.quotas import QuotaError, largest_remainder


def test_a_worked_example() -> None:
    # 100 over 300/250/400 households: quotas 31.58, 26.32, 42.11 -> 31, 26, 42 + 1 left,
    # which goes to the largest remainder (0.58, the first team).
    assert largest_remainder(100, {"a": 300, "b": 250, "c": 400}) == {"a": 32, "b": 26, "c": 42}


def test_ties_go_in_the_given_order() -> None:
    assert largest_remainder(2, {"x": 1, "y": 1, "z": 1}) == {"x": 1, "y": 1, "z": 0}


def test_no_households_is_refused() -> None:
    with pytest.raises(QuotaError, match="no households"):
        largest_remainder(10, {"a": 0})
    with pytest.raises(QuotaError, match="negative"):
        largest_remainder(-1, {"a": 3})


weights = st.dictionaries(
    st.text(min_size=1, max_size=4), st.integers(0, 5_000), min_size=1, max_size=30
).filter(lambda w: sum(w.values()) > 0)


@given(st.integers(0, 1_000_000), weights)
def test_the_parts_add_up_and_stay_within_one_of_the_exact_share(
    total: int, households: dict[str, int]
) -> None:
    parts = largest_remainder(total, households)
    assert sum(parts.values()) == total
    whole = sum(households.values())
    for key, weight in households.items():
        exact = total * weight / whole
        assert exact - 1 < parts[key] < exact + 1
        if weight == 0:
            assert parts[key] == 0
