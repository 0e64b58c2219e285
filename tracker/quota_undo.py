"""Undoing the last change an officer made to quotas (a cell, an allocation, a copy).

The terminal UI keeps the change it just made as a list of edits, each quota's target
before and after. Undoing puts every `before` back (removes the quota when it was new),
with an audit entry `undo` of its own per quota; the change made is not erased from the
log. When a quota no longer holds the `after` (someone changed it since), nothing is undone:
undoing would throw away that later change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.hierarchy import find_indicator, find_team
from tracker.officers.service_scope import check_team, check_units
from tracker.periods import Period
from tracker.quotas import QuotaError, QuotaView, parse_target, resolved_target
from tracker.store.models import Quota, Unit


@dataclass(frozen=True, slots=True)
class QuotaEdit:
    team: str
    indicator: str
    period: str
    before: str | None  # None: the quota did not exist
    after: str

    @property
    def key(self) -> str:
        return f"{self.team}/{self.indicator}/{self.period}"


def edits_of(views: Iterable[QuotaView]) -> list[QuotaEdit]:
    """The edits a service's answers made (set_quota's `previous` beside its target)."""
    return [
        QuotaEdit(view.team, view.indicator, view.period, view.previous, view.target)
        for view in views
        if view.previous != view.target
    ]


def undo_quota_edits(session: Session, scope: Unit, edits: Sequence[QuotaEdit], actor: str) -> int:
    """Put back every edit's `before`, all or none; returns how many quotas were restored."""
    what = f"quota undo {scope.code}"
    check_units(session, actor, "write", [scope.id], what=what, entity="quota", key=what)
    if not edits:
        raise QuotaError("quota.nothing_to_undo")
    for edit in edits:
        team = find_team(session, edit.team)
        check_team(session, actor, "write", team, what=f"quota undo {edit.key}")
        indicator = find_indicator(session, edit.indicator)
        period = Period.parse(edit.period)
        quota = session.scalars(
            select(Quota).where(
                Quota.team_id == team.id,
                Quota.indicator_id == indicator.id,
                Quota.period == str(period),
            )
        ).first()
        now = None if quota is None else quota.target_text
        if quota is None or now != edit.after:
            raise QuotaError("quota.undo_stale", item=edit.key, now=now or "–")
        before = {"target": quota.target_text, "resolved": quota.resolved_target}
        if edit.before is None:
            session.delete(quota)
            after = None
        else:
            kind, value = parse_target(edit.before)
            quota.target_kind = kind
            quota.target_value = value
            quota.resolved_target = resolved_target(session, team, kind, value, period)
            after = {"target": quota.target_text, "resolved": quota.resolved_target}
        audit.record(session, actor, "undo", "quota", edit.key, before, after)
    session.flush()
    return len(edits)
