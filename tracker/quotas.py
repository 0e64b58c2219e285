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
from tracker.maps.history import map_at, open_at
from tracker.officers.service_scope import check_team, check_units
from tracker.periods import Period
from tracker.store.models import Indicator, Quota, Team, TeamUnit, Unit
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
    previous: str | None = None  # set_quota's answer: the target before it, None if new


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
    resolved = resolved_target(session, team, kind, value, period)
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
        None if before is None else str(before["target"]),
    )


def resolved_target(session: Session, team: Team, kind: str, value: Decimal, period: Period) -> int:
    """The count a target comes to: itself, or the share of the team's households on the
    period's last day (refused when one of its units has no count)."""
    if kind != "share":
        return int(value)
    households = team_households(session, [team.id], period.end).get(team.id)
    if households is None:
        raise QuotaError("quota.no_households", team=team.code)
    return resolve_share(value, households)


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


@dataclass(frozen=True, slots=True)
class PlannedQuota:
    """One team's line of an allocation: its target now and after (None: left as is)."""

    team: str
    team_name: str
    households: int | None  # the households it is weighted by; None when left out
    before: str | None  # the target as typed now, None when not set
    before_resolved: int | None
    after: str | None
    resolved: int | None
    note: str = ""  # "kept" (a share kept as a share), "above" (covers other teams' units)

    @property
    def changes(self) -> bool:
        return self.after is not None and self.after != self.before


@dataclass(frozen=True, slots=True)
class AllocationPlan:
    """What allocating `total` over the teams under `scope` would write; nothing written."""

    scope: str
    indicator: str
    period: str
    total: str  # as typed: a count to split, or a share every team gets
    replace_shares: bool
    rows: tuple[PlannedQuota, ...]

    @property
    def changed(self) -> list[PlannedQuota]:
        return [row for row in self.rows if row.changes]


def plan_allocation(
    session: Session,
    scope: Unit,
    indicator_code: str,
    period: Period,
    total: str,
    replace_shares: bool = False,
) -> AllocationPlan:
    """The new target of every team under `scope`, beside its current one; writes nothing.

    A count (`1200`) is split in proportion to households, so that the parts add up to it;
    a share (`60%`) is given to every team as a share of its own households (not to a team
    above others, whose households would count twice). A team whose
    quota is already a share keeps it (its resolved target counts towards the total) unless
    `replace_shares`. A team above others (a commune team over village teams) is weighted
    only by the households no team below it serves, and left as is when there are none:
    its commune's households are the villages' households, not extra ones.
    """
    indicator = find_indicator(session, indicator_code)
    kind, value = parse_target(total)
    teams = session.execute(
        select(Team.id, Team.code, Team.name)
        .where(Team.id.in_(team_ids_under(scope.id, at=period.end, since=period.start)))
        .order_by(Team.code)
    ).all()
    if not teams:
        raise QuotaError("quota.no_team_under", name=scope.name)
    ids = [team_id for team_id, _, _ in teams]
    households = team_households(session, ids, period.end)
    missing = [code for team_id, code, _ in teams if households.get(team_id) is None]
    if missing:
        raise QuotaError("quota.teams_without_households", items=", ".join(missing[:5]))
    served = _served_households(session, ids, households, period)
    now = {q.team: q for q in list_quotas(session, scope, period) if q.indicator == indicator.code}
    rows: dict[str, PlannedQuota] = {}
    weights: dict[str, int] = {}
    names = {code: name for _, code, name in teams}
    for team_id, code, name in teams:
        current = now.get(code)
        before = None if current is None else current.target
        before_resolved = None if current is None else current.resolved
        # Above the others with no households of its own; or above them at all, for a
        # share: it would resolve against its whole units, the villages' households again.
        above = served[team_id] != households[team_id]
        if served[team_id] is None or (kind == "share" and above):
            rows[code] = PlannedQuota(
                code, name, None, before, before_resolved, None, None, "above"
            )
        elif kind == "count" and before is not None and before.endswith("%") and not replace_shares:
            rows[code] = PlannedQuota(
                code,
                name,
                served[team_id],
                before,
                before_resolved,
                before,
                before_resolved,
                "kept",
            )
        elif kind == "share":
            share = target_text("share", value)
            resolved = resolve_share(value, households[team_id] or 0)
            rows[code] = PlannedQuota(
                code, name, households[team_id], before, before_resolved, share, resolved
            )
        else:
            weights[code] = served[team_id] or 0
    if kind == "count":
        kept = sum(row.resolved or 0 for row in rows.values() if row.note == "kept")
        left = int(value) - kept
        if left < 0:
            raise QuotaError("quota.shares_exceed_total", kept=kept, total=int(value))
        parts = largest_remainder(left, weights) if weights else {}
        for code, part in parts.items():
            current = now.get(code)
            rows[code] = PlannedQuota(
                code,
                names[code],
                weights[code],
                None if current is None else current.target,
                None if current is None else current.resolved,
                str(part),
                part,
            )
    ordered = tuple(rows[code] for _, code, _ in teams)
    return AllocationPlan(
        scope.code, indicator.code, str(period), total.strip(), replace_shares, ordered
    )


def _served_households(
    session: Session, team_ids: list[int], households: Mapping[int, int | None], period: Period
) -> dict[int, int | None]:
    """The households each team serves itself: its units' households less those of the
    topmost units of other teams below them; None for a team above others with none left."""
    links = session.execute(
        select(TeamUnit.team_id, TeamUnit.unit_id).where(
            TeamUnit.team_id.in_(team_ids), open_at(TeamUnit.__table__, period.end)
        )
    ).all()
    units = map_at(session, period.end)
    own: dict[int, set[int]] = {}
    for team_id, unit_id in links:
        own.setdefault(team_id, set()).add(unit_id)
    covered = {unit_id for _, unit_id in links}
    served: dict[int, int | None] = {}
    for team_id in team_ids:
        mine = own.get(team_id, set())
        below = 0
        above = False
        for unit_id in covered - mine:
            # a unit of another team counts when it lies under one of ours, and no unit
            # between them is covered too (that one's households already hold it)
            parent = units[unit_id].parent_id if unit_id in units else None
            while parent is not None and parent not in mine and parent not in covered:
                parent = units[parent].parent_id if parent in units else None
            if parent in mine:
                above = True
                below += units[unit_id].households or 0
        rest = (households.get(team_id) or 0) - below
        served[team_id] = None if above and rest <= 0 else max(rest, 0)
    return served


def apply_allocation(
    session: Session, scope: Unit, plan: AllocationPlan, actor: str
) -> list[QuotaView]:
    """Write the plan the officer saw (each quota audited by set_quota), or refuse it whole
    when the store no longer gives the same plan."""
    period = Period.parse(plan.period)
    what = f"quota allocate {scope.code} {plan.indicator} {period}"
    check_units(session, actor, "write", [scope.id], what=what, entity="quota", key=what)
    fresh = plan_allocation(session, scope, plan.indicator, period, plan.total, plan.replace_shares)
    if fresh.scope != plan.scope or fresh.rows != plan.rows:
        differs = [a.team for a, b in zip(fresh.rows, plan.rows, strict=False) if a != b]
        raise QuotaError("quota.plan_stale", item=(differs or [plan.scope])[0])
    return [
        set_quota(session, row.team, plan.indicator, period, row.after, actor)
        for row in plan.changed
        if row.after is not None
    ]


@dataclass(frozen=True, slots=True)
class CopiedQuotas:
    copied: int
    kept: int  # the target period's quotas left as they were
    quotas: list[QuotaView]  # those written, each with its previous target (None)


def copy_quotas(
    session: Session, scope: Unit, source: Period, target: Period, actor: str
) -> CopiedQuotas:
    """Copy every quota of `source` under `scope` into `target` unless already set there."""
    what = f"quota copy {scope.code} {source} {target}"
    check_units(session, actor, "write", [scope.id], what=what, entity="quota", key=what)
    have = {(q.team, q.indicator) for q in list_quotas(session, scope, target)}
    written: list[QuotaView] = []
    kept = 0
    for quota in list_quotas(session, scope, source):
        if (quota.team, quota.indicator) in have:
            kept += 1
            continue
        written.append(set_quota(session, quota.team, quota.indicator, target, quota.target, actor))
    return CopiedQuotas(len(written), kept, written)
