"""Standing: scores and ranks (in SQL), roll-ups, overdue monthly reports, and the evidence.

Its parts load when first named: the leaderboard reads the ranking (query, model) through
Core, and must not load the evidence's and the overdue list's models (issue 18).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.standing.evidence import Evidence, evidence
    from tracker.standing.model import Progress, Standing, StandingRow
    from tracker.standing.overdue import Overdue, overdue_teams
    from tracker.standing.query import (
        compute_standing,
        compute_standings,
        indicator_names,
        rollup,
    )

_HOMES = {
    "Evidence": "evidence",
    "evidence": "evidence",
    "Overdue": "overdue",
    "overdue_teams": "overdue",
    "Progress": "model",
    "Standing": "model",
    "StandingRow": "model",
    "compute_standing": "query",
    "compute_standings": "query",
    "indicator_names": "query",
    "rollup": "query",
}

__all__ = [
    "Evidence",
    "Overdue",
    "Progress",
    "Standing",
    "StandingRow",
    "compute_standing",
    "compute_standings",
    "evidence",
    "indicator_names",
    "overdue_teams",
    "rollup",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'tracker.standing' has no attribute {name!r}")
    module = import_module(f"tracker.standing.{home}")
    # All of the part's names at once: importing `evidence` the module bound the name
    # `evidence` here to it, and the function must be what that name gives.
    for other, where in _HOMES.items():
        if where == home:
            globals()[other] = getattr(module, other)
    return globals()[name]
