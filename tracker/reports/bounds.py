"""How large one reported number may be before it goes to review as implausible
("số quá lớn"), never counted silently.

Every indicator has a bound: the operator's (`[indicators.max_per_report]` in the config
file), else the indicator's own (`max_per_report` in `tracker import indicators`), else
for a household indicator the households of the team's units, else 100,000. No bound
passes LARGEST_BOUND, so a sum of counted values cannot overflow its 64-bit column: it
would take some nine billion entries.
"""

from __future__ import annotations

DEFAULT_MAX_PER_REPORT = 100_000
LARGEST_BOUND = 1_000_000_000


def clamp(bound: int) -> int:
    """A configured or household bound, never above LARGEST_BOUND."""
    return min(bound, LARGEST_BOUND)


def fixed_bound(configured: int | None) -> int:
    """The bound of an indicator whose bound does not depend on the team."""
    return DEFAULT_MAX_PER_REPORT if configured is None else clamp(configured)
