"""Moving a team to other units from a date, keeping what it covered before.

`tracker reorganize` moves the teams of an ended unit to its successor, and a split
commune's teams to its largest part. When a team belongs to another part, the officer
moves it here: its links end the day before `effective` and the new ones start that day,
so that earlier periods still rank it where it was. (The team form replaces the links
outright, as if the team had always covered its new units.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.hierarchy import find_team, find_unit
from tracker.households import recompute_share_targets
from tracker.maps.history import open_at, span_text, team_works_on
from tracker.maps.messages import MapRefusal
from tracker.officers.service_scope import check_units, team_places
from tracker.store.models import Quota, TeamUnit, Unit


def relink_team(
    session: Session, code: str, units: Sequence[str], effective: date, actor: str
) -> bool:
    """Team `code` covers `units` (codes on the map of `effective`) from that day; False when
    it does already. Checked first: the officer may write where the team is and where it
    goes, the units exist that day and are of the team's level, the team works that day."""
    team = find_team(session, code)
    wanted = {find_unit(session, unit, effective).id: unit for unit in dict.fromkeys(units)}
    if not wanted:
        raise MapRefusal("relink.no_units", code=code)
    places = [*team_places(session, team.id), *wanted]
    what = f"teams relink {code}"
    check_units(session, actor, "write", places, what=what, entity="team", key=code)
    if not team_works_on(team, effective):
        raise MapRefusal(
            "team.not_active",
            code=code,
            span=span_text(team.active_from, team.retired_on),
            day=effective.isoformat(),
        )
    levels = {find_unit(session, unit, effective).level for unit in wanted.values()}
    if levels != {team.level}:
        items = ", ".join(sorted(wanted.values()))
        raise MapRefusal("relink.level", code=code, level=team.level, items=items)
    links = session.scalars(select(TeamUnit).where(TeamUnit.team_id == team.id)).all()
    later = [link.valid_from for link in links if link.valid_from and link.valid_from > effective]
    if later:
        raise MapRefusal("relink.later", code=code, day=min(later).isoformat())
    current = {link.unit_id: link for link in links if _open_on(link, effective)}
    if set(current) == set(wanted) and all(link.valid_to is None for link in current.values()):
        return False
    before = {"units": _codes(session, team.id, effective), "effective": effective.isoformat()}
    for unit_id, link in current.items():
        if unit_id in wanted:
            link.valid_to = None
        elif link.valid_from == effective:
            session.delete(link)  # it started that day: it never held
        else:
            link.valid_to = effective
    for unit_id, unit_code in wanted.items():
        if unit_id in current:
            continue
        old = next((link for link in links if link.unit_id == unit_id), None)
        if old is None:
            session.add(TeamUnit(team_id=team.id, unit_id=unit_id, valid_from=effective))
        elif old.valid_to == effective:
            old.valid_to = None  # ended that very day: the move is undone
        else:
            assert old.valid_to is not None
            last = span_text(None, old.valid_to).split(" – ")[1]
            raise MapRefusal("relink.again", code=code, unit=unit_code, day=last)
    session.flush()
    session.expire(team)
    shared = session.scalar(
        select(Quota.id)
        .where(Quota.team_id == team.id, Quota.target_kind == "share", Quota.ends_on >= effective)
        .limit(1)
    )
    if shared is not None:
        recompute_share_targets(session, team_ids=[team.id])
    after = {"units": sorted(wanted.values()), "effective": effective.isoformat()}
    audit.record(session, actor, "relink", "team", code, before, after)
    session.flush()
    return True


def _open_on(link: TeamUnit, day: date) -> bool:
    started = link.valid_from is None or link.valid_from <= day
    return started and (link.valid_to is None or link.valid_to > day)


def _codes(session: Session, team_id: int, day: date) -> list[str]:
    query = (
        select(Unit.code)
        .join(TeamUnit, TeamUnit.unit_id == Unit.id)
        .where(TeamUnit.team_id == team_id, open_at(TeamUnit.__table__, day))
        .order_by(Unit.code)
    )
    return list(session.scalars(query))
