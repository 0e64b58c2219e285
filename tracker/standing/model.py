"""What a standing is: typed rows that the leaderboard, the digest and the TUI all read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from tracker.periods import Period


class Progress(NamedTuple):
    """One indicator of one team (or one subtree): the count to reach and the count reached."""

    target: int
    achieved: int

    @property
    def ratio(self) -> float:
        """achieved ÷ target, uncapped; a target of 0 counts as met (1.0)."""
        return 1.0 if self.target == 0 else self.achieved / self.target

    @property
    def met(self) -> bool:
        return self.achieved >= self.target

    def as_json(self) -> dict[str, int]:
        return {"target": self.target, "achieved": self.achieved}


@dataclass(frozen=True, slots=True)
class StandingRow:
    """One team in a ranking. `rank` and `score` are None for a team without quotas."""

    rank: int | None
    team: str
    name: str
    units: tuple[str, ...]
    score: float | None
    uncapped: float | None
    indicators: dict[str, Progress]
    monthly_report: str | None  # on_time, late, missing, not_yet_due; None unless a month
    team_id: int = 0
    level: str = "village"
    approved: bool = False  # the team's monthly report for the month is approved

    @property
    def all_met(self) -> bool:
        return bool(self.indicators) and all(p.met for p in self.indicators.values())

    def as_json(self) -> dict[str, Any]:
        """The row exactly as CONTRACTS §8 spells it."""
        return {
            "rank": self.rank,
            "team": self.team,
            "name": self.name,
            "units": list(self.units),
            "score": None if self.score is None else round(self.score, 4),
            # Progress.as_json spelt inline: a province's 13,000 cells, one call each, cost
            # more than building the dicts.
            "indicators": {
                code: {"target": target, "achieved": achieved}
                for code, (target, achieved) in self.indicators.items()
            },
            "monthly_report": self.monthly_report,
        } | ({"approved": True} if self.approved else {})


@dataclass(frozen=True, slots=True)
class Standing:
    """The ranking of the teams under `scope` for `period`, seen on `as_of`."""

    scope: str
    scope_name: str
    period: Period
    as_of: date
    rows: list[StandingRow]
    # Indicator code -> (Vietnamese name, English name), for every code in the rows.
    indicator_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Every code in the rows, sorted. Kept, not a property: exports read it once per
    # row, and a province's 1,600 rows made that 2.5 million set insertions.
    indicator_codes: list[str] = field(init=False)

    def __post_init__(self) -> None:
        codes = sorted({code for row in self.rows for code in row.indicators})
        object.__setattr__(self, "indicator_codes", codes)

    @property
    def totals(self) -> dict[str, Progress]:
        """Per-indicator sums over the ranked teams (the roll-up of this scope)."""
        sums: dict[str, tuple[int, int]] = {}
        for row in self.rows:
            for code, progress in row.indicators.items():
                target, achieved = sums.get(code, (0, 0))
                sums[code] = (target + progress.target, achieved + progress.achieved)
        return {code: Progress(*sums[code]) for code in sorted(sums)}

    def row(self, team: str) -> StandingRow | None:
        return next((row for row in self.rows if row.team == team), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "period": str(self.period),
            "teams": [row.as_json() for row in self.rows],
        }
