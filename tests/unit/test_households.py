"""Share targets: ceil(share × households), computed exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.households import resolve_share


@pytest.mark.parametrize(
    ("share", "households", "target"),
    [
        ("30", 10, 3),  # 0.3 * 10 in floating point is 3.0000000000000004
        ("30", 395, 119),
        ("30.5", 612, 187),
        ("60", 480, 288),
        ("100", 7, 7),
        ("0", 500, 0),
        ("33.33", 3, 1),
        ("70", 0, 0),
    ],
)
def test_resolve_share(share: str, households: int, target: int) -> None:
    assert resolve_share(Decimal(share), households) == target
