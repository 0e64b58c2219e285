"""An import is all or nothing, so its scope is checked row by row before any is written:
one row outside the officer's scope refuses the whole file, naming that row.

Each kind's rows touch these units:
- units: the unit itself if it exists, and its parent (a new top unit: the whole store);
- teams: the units the row names, and those the team covers now;
- members, quotas: the units of the row's team (by code, or by name as imports allow);
- chats: the unit or the team's units it binds to;
- tasks: the teams' units and the units the assignees name;
- indicators: the whole store (they are shared by every unit).
A code the store does not know is left to the importer, which refuses it itself.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.imports.base import pairs as _pairs
from tracker.imports.reading import Row, Table
from tracker.imports.vocab import key
from tracker.maps.lookup import not_ended
from tracker.officers.acting import Acting
from tracker.officers.authorize import authorize_role, authorize_units
from tracker.store.models import Team, TeamUnit, Unit

Places = Callable[[Row], list[int | None]]


def check_import_scope(session: Session, acting: Acting, table: Table) -> None:
    """Raise NotAllowed for the first row that reaches outside `acting`'s scope."""
    kind = table.spec.kind
    what = f"import {kind} {table.file}"
    entity = kind.removesuffix("s")
    authorize_role(session, acting, "write", what=what, entity=entity, key=table.file)
    if acting.open_store:
        return
    places = _places(session, kind)
    for row in table.rows:
        authorize_units(
            session,
            acting,
            "write",
            places(row),
            what=f"{what}, row {row.number}",
            entity=entity,
            key=f"{table.file}:{row.number}",
        )


def _places(session: Session, kind: str) -> Places:
    # The units the codes name now, as the importers read them (not an ended namesake).
    units = _pairs(session.execute(select(Unit.code, Unit.id).where(not_ended())))
    parents = _pairs(session.execute(select(Unit.id, Unit.parent_id)))
    teams = _team_units(session)
    if kind == "indicators":
        return lambda row: [None]
    if kind == "units":

        def unit_places(row: Row) -> list[int | None]:
            found: list[int | None] = []
            if row["code"] in units:
                found.append(units[row["code"]])
            parent = row["parent"]
            if not parent:
                if row["code"] not in units or parents.get(units[row["code"]]) is None:
                    found.append(None)  # a new top unit, or one moved to the top
            elif parent in units:
                found.append(units[parent])
            return found

        return unit_places
    if kind == "teams":
        return lambda row: [
            *(units[code] for code in row.items("units") if code in units),
            *teams.get(key(row["code"]), []),
        ]
    if kind in ("members", "quotas"):
        return lambda row: list(teams.get(key(row["team"]), []))
    if kind == "chats":
        return lambda row: (
            [units[row["unit"]]] if row["unit"] in units else list(teams.get(key(row["team"]), []))
        )
    if kind == "tasks":

        def task_places(row: Row) -> list[int | None]:
            found: list[int | None] = []
            for code in row.items("assignees"):
                if code in units:
                    found.append(units[code])
                found.extend(teams.get(key(code), []))
            return found

        return task_places
    raise ValueError(f"unknown import kind {kind!r}")


def _team_units(session: Session) -> dict[str, list[int | None]]:
    """Each team's units, found by its code or its name as an import may write it."""
    covered: dict[int, list[int | None]] = {}
    for team_id, unit_id in session.execute(select(TeamUnit.team_id, TeamUnit.unit_id)):
        covered.setdefault(team_id, []).append(unit_id)
    found: dict[str, list[int | None]] = {}
    for team_id, code, name in session.execute(select(Team.id, Team.code, Team.name)):
        places = covered.get(team_id) or [None]  # a team covering nothing: store-wide
        found[key(code)] = places
        found.setdefault(key(name), places)
    return found
