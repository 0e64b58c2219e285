"""Standing: scores and ranks (in SQL), roll-ups, overdue monthly reports, and the evidence."""

from tracker.standing.evidence import Evidence, evidence
from tracker.standing.model import Progress, Standing, StandingRow
from tracker.standing.overdue import Overdue, overdue_teams
from tracker.standing.query import compute_standing, compute_standings, indicator_names, rollup

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
