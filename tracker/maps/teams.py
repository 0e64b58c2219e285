"""Teams across a reorganisation: merged into a new team from a date, or retired.

A team is never deleted once it has reported: its entries, monthly reports and tasks
stay with it, and its dates (active_from, retired_on) keep it out of the rankings,
overdue lists and reminders of the periods it did not work in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.hierarchy import find_team
from tracker.maps.history import open_at, span_text
from tracker.maps.messages import MapRefusal
from tracker.store.models import Chat, Team, TeamUnit


def retire_team(session: Session, code: str, day: date, actor: str) -> bool:
    """The team works until the day before `day`; False if it was retired that day already."""
    from tracker.officers.service_scope import check_team

    team = find_team(session, code)
    check_team(session, actor, "reorganize", team, what=f"teams retire {code}")
    if team.retired_on == day:
        return False
    if team.active_from is not None and day <= team.active_from:
        raise MapRefusal("team.retire_before_start", code=code, start=team.active_from)
    before = {"retired_on": _iso(team.retired_on)}
    team.retired_on = day
    audit.record(session, actor, "retire", "team", code, before, {"retired_on": day.isoformat()})
    session.flush()
    return True


def merge_teams(
    session: Session,
    codes: Sequence[str],
    into: str,
    effective: date,
    actor: str,
    name: str | None = None,
) -> bool:
    """Merge the teams into a new team `into` working from `effective`; False if done already.

    The new team covers every unit the old ones cover on that day and takes their members
    (a name both teams have stays with the first) and their chats; the old teams retire
    that day with their history. The new team ranks from the date on its own quotas.
    """
    if not codes:
        raise MapRefusal("merge.needs_two")
    if into in codes:
        raise MapRefusal("merge.into_is_old", code=into)
    old = [find_team(session, code) for code in dict.fromkeys(codes)]
    from tracker.officers.service_scope import check_team

    for team in old:  # merging is reorganising the map: an admin's, over every old team
        check_team(session, actor, "reorganize", team, what=f"teams merge {team.code}")
    levels = {team.level for team in old}
    if len(levels) > 1:
        raise MapRefusal("merge.levels", items=", ".join(f"{t.code} ({t.level})" for t in old))
    units = _units_on(session, [team.id for team in old], effective)
    existing = session.scalars(select(Team).where(Team.code == into)).first()
    if existing is not None:
        done = existing.active_from == effective and all(t.retired_on == effective for t in old)
        if done:
            return False
        shown = ", ".join(unit.code for unit in existing.units) or "-"
        raise MapRefusal("merge.team_exists", code=into, units=shown)
    for team in old:
        _check_active(team, effective)
    new = Team(code=into, name=name or old[0].name, level=old[0].level, active_from=effective)
    session.add(new)
    session.flush()
    for unit_id in sorted(units):
        session.add(TeamUnit(team_id=new.id, unit_id=unit_id, valid_from=effective))
    taken: set[str] = set()
    for team in old:
        for member in list(team.members):
            if member.name in taken:
                continue
            taken.add(member.name)
            member.team_id = new.id
        team.retired_on = effective
    for chat in session.scalars(select(Chat).where(Chat.team_id.in_([t.id for t in old]))):
        chat.team_id = new.id
    session.flush()
    session.expire_all()  # members moved by id: the teams' lists are stale
    after = {"team": into, "effective": effective.isoformat(), "units": len(units)}
    audit.record(session, actor, "merge", "team", into, {"teams": [t.code for t in old]}, after)
    session.flush()
    return True


def _units_on(session: Session, team_ids: list[int], day: date) -> set[int]:
    query = select(TeamUnit.unit_id).where(
        TeamUnit.team_id.in_(team_ids), open_at(TeamUnit.__table__, day)
    )
    return set(session.scalars(query))


def _check_active(team: Team, day: date) -> None:
    started = team.active_from is None or team.active_from < day
    working = team.retired_on is None or team.retired_on >= day
    if not (started and working):
        raise MapRefusal(
            "team.not_active",
            code=team.code,
            span=span_text(team.active_from, team.retired_on),
            day=day.isoformat(),
        )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
