"""Monthly reports up the chain: each team's month, officers' decisions, the unit's compiled
report and chasing the teams that have not reported."""

from tracker.monthly.statuses import MonthlyStatus, monthly_statuses

__all__ = ["MonthlyStatus", "monthly_statuses"]
