"""Households: the base of percentage quotas ("30% of households have an e-payment account").

A quota with target_kind "share" keeps `resolved_target` = ceil(share × households of the
units its team covers). It is recomputed whenever those households or the team's units
change, so scoring reads one number and never redoes this arithmetic. The households and
the units are those of the last day of the quota's period: after a reorganisation the
quotas of later periods follow the new map, the earlier ones keep theirs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.clock import today
from tracker.errors import UserError
from tracker.maps.history import open_at, units_at
from tracker.store.models import Quota, Team, TeamUnit


class MissingHouseholds(UserError):
    """A percentage quota whose team covers a unit with no household count."""


def resolve_share(share: Decimal, households: int) -> int:
    """ceil(share% × households), exactly (no float rounding: 30% of 10 is 3, not 4)."""
    return math.ceil(share * households / Decimal(100))


def team_households(
    session: Session, team_ids: Iterable[int], at: date | None = None
) -> dict[int, int | None]:
    """The households each team covers on `at` (today if None); None when one of its units
    has no count."""
    ids = list(set(team_ids))
    if not ids:
        return {}
    day = at or today()
    units = units_at(day, "households_at")
    query = (
        select(
            TeamUnit.team_id,
            func.sum(units.c.households),
            func.count(units.c.id) - func.count(units.c.households),
        )
        .join(units, units.c.id == TeamUnit.unit_id)
        .where(TeamUnit.team_id.in_(ids), open_at(TeamUnit.__table__, day))
        .group_by(TeamUnit.team_id)
    )
    result: dict[int, int | None] = dict.fromkeys(ids)
    for team_id, total, missing in session.execute(query):
        result[team_id] = None if missing else int(total or 0)
    return result


def recompute_share_targets(
    session: Session, unit_ids: Iterable[int] = (), team_ids: Iterable[int] = ()
) -> int:
    """Bring the share quotas of the teams covering `unit_ids` (or of `team_ids`) up to date.

    Returns how many quotas changed. Raises `MissingHouseholds` if such a team now covers a
    unit without households; callers that can name a file row check that first.
    """
    teams = set(team_ids)
    units = list(set(unit_ids))
    for start in range(0, len(units), 500):
        part = units[start : start + 500]
        teams.update(session.scalars(select(TeamUnit.team_id).where(TeamUnit.unit_id.in_(part))))
    ordered = sorted(teams)
    changed = 0
    for start in range(0, len(ordered), 500):
        changed += _recompute(session, ordered[start : start + 500])
    session.flush()
    return changed


def _recompute(session: Session, team_ids: list[int]) -> int:
    quotas = session.scalars(
        select(Quota).where(Quota.team_id.in_(team_ids), Quota.target_kind == "share")
    ).all()
    by_day: dict[date, list[Quota]] = defaultdict(list)
    for quota in quotas:
        by_day[quota.ends_on].append(quota)
    changed = 0
    for day, some in sorted(by_day.items()):
        changed += _resolve(session, some, team_households(session, team_ids, day))
    return changed


def _resolve(session: Session, quotas: list[Quota], households: dict[int, int | None]) -> int:
    changed = 0
    for quota in quotas:
        base = households.get(quota.team_id)
        if base is None:
            code = session.scalar(select(Team.code).where(Team.id == quota.team_id))
            raise MissingHouseholds(
                f"team {code} has a percentage quota but not every unit it covers has households"
            )
        target = resolve_share(quota.target_value, base)
        if quota.resolved_target != target:
            quota.resolved_target = target
            changed += 1
    return changed
