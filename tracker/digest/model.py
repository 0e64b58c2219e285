"""What a digest says, before it is put into words: the same data for text, JSON and the TUI."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from tracker.periods import Period
from tracker.standing import Overdue, Progress, Standing, StandingRow


@dataclass(frozen=True, slots=True)
class TaskLine:
    """A task and the teams (in the digest's scope) for which it is overdue or due soon."""

    code: str
    title: str
    due: date
    teams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mover:
    team: str
    name: str
    before: float
    after: float
    rank_before: int | None
    rank_after: int | None

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Digest:
    """A unit's digest (`kind="unit"`) or a team's (`kind="team"`), as of `date`.

    For a team's digest, `standing` ranks the team's siblings (same parent unit, same
    level) and `team` is the team's own row in it.
    """

    kind: Literal["unit", "team"]
    scope: str
    scope_name: str
    date: date
    period: Period
    standing: Standing
    totals: dict[str, Progress]
    overdue: list[Overdue] = field(default_factory=list)
    tasks_overdue: list[TaskLine] = field(default_factory=list)
    tasks_due_soon: list[TaskLine] = field(default_factory=list)
    movers: list[Mover] = field(default_factory=list)
    team: StandingRow | None = None
    open_tasks: list[TaskLine] = field(default_factory=list)
    # A team's: its monthly report's deadline this month (`date` is a field's name here).
    report_due: datetime.date | None = None

    @property
    def ranking(self) -> list[StandingRow]:
        return self.standing.rows

    @property
    def indicator_names(self) -> dict[str, tuple[str, str]]:
        return self.standing.indicator_names

    def as_json(self) -> dict[str, Any]:
        """CONTRACTS §8: scope, date, period, ranking, overdue, totals."""
        return {
            "scope": self.scope,
            "date": self.date.isoformat(),
            "period": str(self.period),
            "ranking": [row.as_json() for row in self.ranking],
            "overdue": [row.as_json() for row in self.overdue],
            "totals": {code: p.as_json() for code, p in self.totals.items()},
        }
