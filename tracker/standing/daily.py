"""Counted values per day: what the dashboard's progress chart draws.

The same entries the scores count (not superseded, by local date), summed per day instead
of per period, for one indicator and a set of teams: one team, or every team under a unit.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from tracker.hierarchy import TeamIds
from tracker.store.models import Indicator, ReportEntry

_ENTRIES = ReportEntry.__table__


def daily_values(
    session: Session, team_ids: TeamIds, indicator: str, last: date, days: int = 30
) -> list[int]:
    """The counted value of each of the `days` days ending on `last`, oldest first."""
    first = last - timedelta(days=days - 1)
    indicator_id = select(Indicator.id).where(Indicator.code == indicator).scalar_subquery()
    day = _ENTRIES.c.local_date
    statement = (
        select(day, cast(func.sum(_ENTRIES.c.value), BigInteger))
        .where(
            day.between(first, last),
            _ENTRIES.c.indicator_id == indicator_id,
            _ENTRIES.c.superseded_by_id.is_(None),
            _ENTRIES.c.team_id.in_(team_ids),
        )
        .group_by(day)
    )
    sums = {found: int(total) for found, total in session.execute(statement)}
    return [sums.get(first + timedelta(days=n), 0) for n in range(days)]
