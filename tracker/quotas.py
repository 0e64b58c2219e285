"""Quotas as officers see and set them: listed per team and period, changed with an audit entry.

A target is a count (`120`, `1.200`) or a share of the households of the team's units
(`30%`); a share is kept as typed and resolved to ceil(share × households) (CONTRACTS §3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.errors import Refusal
from tracker.hierarchy import find_indicator, find_team, scope_team_ids, team_ids_under
from tracker.households import resolve_share, team_households
from tracker.imports import values
from tracker.officers.service_scope import check_team, check_units
from tracker.periods import Period
from tracker.store.models import Indicator, Quota, Team, Unit
from tracker.store.models.indicators import target_text


class QuotaError(Refusal):
    """A target that cannot be set; the message says why."""


@dataclass(frozen=True, slots=True)
class QuotaView:
    team: str
    team_name: str
    indicator: str
    indicator_name: str
    period: str
    target: str  # as typed: "120" or "30%"
    resolved: int


def list_quotas(session: Session, scope: Unit, period: Period) -> list[QuotaView]:
    """The quotas of every team under `scope` for exactly `period`, by team then indicator."""
    # Columns, not Quota objects: a province has thousands, and building them is the cost.
    rows = session.execute(
        select(
            Team.code,
            Team.name,
            Indicator.code,
            Indicator.name,
            Quota.target_kind,
            Quota.target_value,
            Quota.resolved_target,
        )
        .join(Team, Team.id == Quota.team_id)
        .join(Indicator, Indicator.id == Quota.indicator_id)
        .where(
            Quota.period == str(period),
            Quota.team_id.in_(team_ids_under(scope.id, at=period.end, since=period.start)),
        )
        .order_by(Team.code, Indicator.code)
    )
    return [
        QuotaView(team, team_name, code, name, str(period), target_text(kind, value), resolved)
        for team, team_name, code, name, kind, value, resolved in rows
    ]


@dataclass(frozen=True, slots=True)
class QuotaGrid:
    """Every team under a scope against every indicator, with the quotas set for a period."""

    teams: list[tuple[str, str]]  # code, name; by code
    indicators: list[tuple[str, str]]  # code, name; by code
    cells: dict[tuple[str, str], QuotaView]  # (team, indicator) -> the quota, when set


def quota_grid(session: Session, scope: Unit, period: Period) -> QuotaGrid:
    """The grid the officers fill in: empty cells are the quotas not set yet."""
    teams = session.execute(
        select(Team.code, Team.name)
        .where(Team.id.in_(scope_team_ids(session, scope.id, period.end, period.start)))
        .order_by(Team.code)
    ).all()
    indicators = session.execute(select(Indicator.code, Indicator.name).order_by(Indicator.code))
    cells = {(q.team, q.indicator): q for q in list_quotas(session, scope, period)}
    return QuotaGrid(
        [(code, name) for code, name in teams],
        [(code, name) for code, name in indicators],
        cells,
    )


def parse_target(text: str) -> tuple[str, Decimal]:
    """("count", 120) for `120` or `1.200`; ("share", 30) for `30%`."""
    number = values.count(text)
    if number is not None:
        return "count", Decimal(number)
    share = values.share(text)
    if share is None or share > 100:
        raise QuotaError("quota.bad_target", text=text)
    return "share", share


def set_quota(
    session: Session,
    team_code: str,
    indicator_code: str,
    period: Period,
    target: str,
    actor: str,
) -> QuotaView:
    """Create or change one quota and write who did it, with before and after, to the audit log."""
    team = find_team(session, team_code)
    check_team(session, actor, "write", team, what=f"quota {team.code} {indicator_code} {period}")
    indicator = find_indicator(session, indicator_code)
    kind, value = parse_target(target)
    resolved = int(value)
    if kind == "share":
        households = team_households(session, [team.id], period.end).get(team.id)
        if households is None:
            raise QuotaError("quota.no_households", team=team.code)
        resolved = resolve_share(value, households)
    quota = session.scalars(
        select(Quota).where(
            Quota.team_id == team.id,
            Quota.indicator_id == indicator.id,
            Quota.period == str(period),
        )
    ).first()
    before = None if quota is None else _snapshot(quota)
    if quota is None:
        quota = Quota(
            team=team,
            indicator=indicator,
            period=str(period),
            starts_on=period.start,
            ends_on=period.end,
        )
        session.add(quota)
    quota.target_kind = kind
    quota.target_value = value
    quota.resolved_target = resolved
    session.flush()
    after = _snapshot(quota)
    action = "create" if before is None else "update"
    key = f"{team.code}/{indicator.code}/{period}"
    audit.record(session, actor, action, "quota", key, before, after)
    return QuotaView(
        team.code,
        team.name,
        indicator.code,
        indicator.name,
        str(period),
        quota.target_text,
        resolved,
    )


def _snapshot(quota: Quota) -> dict[str, object]:
    return {"target": quota.target_text, "resolved": quota.resolved_target}


def largest_remainder(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split `total` in proportion to `weights` so that the parts add up to `total` exactly.

    Each part gets the whole part of its quota; the units left over go to the largest
    remainders, ties broken by the order of `weights`. Raises QuotaError when the total is
    negative or the weights are all zero.
    """
    if total < 0:
        raise QuotaError("quota.negative_total", total=total)
    if any(weight < 0 for weight in weights.values()):
        raise QuotaError("quota.negative_households")
    whole = sum(weights.values())
    if whole == 0:
        raise QuotaError("quota.zero_households")
    parts = {key: total * weight // whole for key, weight in weights.items()}
    remainders = {key: total * weight % whole for key, weight in weights.items()}
    order = list(weights)
    left = total - sum(parts.values())
    ranked = sorted(order, key=lambda key: (-remainders[key], order.index(key)))
    for key in ranked[:left]:
        parts[key] += 1
    return parts


def allocate_total(
    session: Session, scope: Unit, indicator_code: str, period: Period, total: int, actor: str
) -> list[QuotaView]:
    """Set the quota of every team under `scope` to its household share of `total` (audited)."""
    what = f"quota allocate {scope.code} {indicator_code} {period}"
    check_units(session, actor, "write", [scope.id], what=what, entity="quota", key=what)
    teams = session.execute(
        select(Team.id, Team.code)
        .where(Team.id.in_(team_ids_under(scope.id, at=period.end, since=period.start)))
        .order_by(Team.code)
    ).all()
    if not teams:
        raise QuotaError("quota.no_team_under", name=scope.name)
    households = team_households(session, [team_id for team_id, _ in teams], period.end)
    missing = [code for team_id, code in teams if households.get(team_id) is None]
    if missing:
        raise QuotaError("quota.teams_without_households", items=", ".join(missing[:5]))
    weights = {code: households[team_id] or 0 for team_id, code in teams}
    parts = largest_remainder(total, weights)
    return [
        set_quota(session, code, indicator_code, period, str(part), actor)
        for code, part in parts.items()
    ]


def copy_quotas(
    session: Session, scope: Unit, source: Period, target: Period, actor: str
) -> tuple[int, int]:
    """Copy every quota of `source` under `scope` into `target` unless already set there.

    Returns (copied, kept): how many were copied and how many target quotas were left as is.
    """
    what = f"quota copy {scope.code} {source} {target}"
    check_units(session, actor, "write", [scope.id], what=what, entity="quota", key=what)
    have = {(q.team, q.indicator) for q in list_quotas(session, scope, target)}
    copied = kept = 0
    for quota in list_quotas(session, scope, source):
        if (quota.team, quota.indicator) in have:
            kept += 1
            continue
        set_quota(session, quota.team, quota.indicator, target, quota.target, actor)
        copied += 1
    return copied, kept
