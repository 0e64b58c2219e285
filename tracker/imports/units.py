"""`tracker import units`: the administrative hierarchy, 4 levels or 3 (no districts).

The whole hierarchy is checked as it will be after the import (file rows over the store),
so a parent may come later in the file, and a cycle or a village under a district is
refused before anything is written.

It reads and writes the units of now (not ended). A plain import never rewrites history:
renaming, re-levelling or moving a unit under which a team has reported would change
past rankings, so it is refused and `tracker reorganize` does it from a date instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, union, update

from tracker.households import recompute_share_targets
from tracker.imports import values, vocab
from tracker.imports.base import ImportRun, chunks, duplicates
from tracker.imports.messages import MESSAGES
from tracker.imports.reading import Row, Spec
from tracker.store.models import MonthlyReport, Quota, ReportEntry, Team, TeamUnit, Unit

SPEC = Spec("units", ("code", "name", "level", "parent", "households"), ("code", "name", "level"))

# Which level may sit directly under which: villages under communes, communes under
# districts or (since July 2025) straight under the province, districts under provinces.
ALLOWED_PARENTS = {
    "village": {"commune"},
    "commune": {"district", "province"},
    "district": {"province"},
    "province": set(),
}


@dataclass
class _Stored:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    households: int | None


@dataclass
class _Planned:
    row: Row
    code: str
    name: str
    parent: str | None
    level: str | None = None
    households: int | None = None


def run(job: ImportRun) -> None:
    table = job.table
    rows = duplicates(job, (r for r in table.rows if job.required(r, "code")), "code", _code)
    stored = {
        item.code: _Stored(*item)
        for item in job.session.execute(
            select(
                Unit.id, Unit.code, Unit.name, Unit.level, Unit.parent_id, Unit.households
            ).where(Unit.valid_to.is_(None))
        )
    }
    code_of = {item.id: item.code for item in stored.values()}
    planned = {row["code"]: _plan(job, row, stored, code_of) for row in rows}

    def parent(code: str) -> str | None:
        if code in planned:
            return planned[code].parent
        parent_id = stored[code].parent_id
        return None if parent_id is None else code_of[parent_id]

    def level(code: str) -> str | None:
        return planned[code].level if code in planned else stored[code].level

    for plan in planned.values():
        if plan.parent is not None and plan.parent not in planned and plan.parent not in stored:
            job.problem(plan.row, "parent", "import.unknown_parent", value=plan.parent)
            plan.parent = None
        elif plan.parent == plan.code:
            job.problem(plan.row, "parent", "import.own_parent")
            plan.parent = None
    if _report_cycles(job, planned, parent):
        job.check()
    for plan in planned.values():
        plan.level = _level(job, plan)
    for plan in planned.values():
        _check_parent_level(job, plan, level(plan.parent) if plan.parent else None)
    _check_level_changes(job, planned, stored, parent)
    _check_households(job, planned, stored)
    job.check()
    _check_history(job, planned, stored, code_of)
    job.check()
    _write(job, planned, stored)


def _code(row: Row) -> str:
    return row["code"]


def _plan(
    job: ImportRun, row: Row, stored: dict[str, _Stored], code_of: dict[int, str]
) -> _Planned:
    old = stored.get(row["code"])
    if job.table.has("parent"):
        parent = row["parent"] or None
    else:  # a file without the column moves nothing
        parent = code_of[old.parent_id] if old and old.parent_id else None
    plan = _Planned(row, row["code"], job.required(row, "name") or "", parent)
    if job.table.has("households"):
        if row["households"]:
            plan.households = values.count(row["households"])
            if plan.households is None:
                job.problem(row, "households", "import.not_integer", value=row["households"])
    elif old is not None:
        plan.households = old.households
    for column, limit in (("code", 64), ("name", 200)):
        if len(row[column]) > limit:
            job.problem(row, column, "import.too_long", limit=limit)
    return plan


def _level(job: ImportRun, plan: _Planned) -> str | None:
    text = job.required(plan.row, "level")
    if text is None:
        return None
    found = vocab.level(text, has_parent=plan.parent is not None)
    if found is None:
        job.problem(plan.row, "level", "import.unknown_level", value=text)
    return found


def _report_cycles(job: ImportRun, planned: dict[str, _Planned], parent: Any) -> bool:
    """Note every cycle once, at its first row in the file; True if there was one."""
    done: set[str] = set()
    found = False
    for start in planned:
        path: list[str] = []
        code: str | None = start
        while code is not None and code not in done and code not in path:
            path.append(code)
            code = parent(code)
        if code is not None and code in path:
            loop = path[path.index(code) :]
            first = min((planned[c] for c in loop if c in planned), key=lambda p: p.row.number)
            shown = " → ".join([*loop, code])
            job.problem(first.row, "parent", "import.cycle", path=shown)
            found = True
        done.update(path)
    return found


def _check_parent_level(job: ImportRun, plan: _Planned, parent_level: str | None) -> None:
    if plan.level is None or plan.parent is None or parent_level is None:
        return
    if parent_level not in ALLOWED_PARENTS[plan.level]:
        job.problem(
            plan.row,
            "level",
            "import.level_under",
            level=MESSAGES(job.language, f"level.{plan.level}"),
            parent_level=MESSAGES(job.language, f"level.{parent_level}"),
            parent=plan.parent,
        )


def _check_level_changes(
    job: ImportRun, planned: dict[str, _Planned], stored: dict[str, _Stored], parent: Any
) -> None:
    """A unit that changes level must still fit above its children and under its teams."""
    changed = {
        code: plan
        for code, plan in planned.items()
        if code in stored and plan.level and plan.level != stored[code].level
    }
    if not changed:
        return
    for code, item in stored.items():
        above = parent(code)
        if code not in planned and above in changed:
            plan = changed[above]
            assert plan.level is not None
            if plan.level not in ALLOWED_PARENTS[item.level]:
                job.problem(
                    plan.row,
                    "level",
                    "import.level_children",
                    level=MESSAGES(job.language, f"level.{plan.level}"),
                    child=code,
                    child_level=MESSAGES(job.language, f"level.{item.level}"),
                )
    ids = {stored[code].id: code for code in changed}
    query = (
        select(TeamUnit.unit_id, Team.code)
        .join(Team, Team.id == TeamUnit.team_id)
        .where(TeamUnit.unit_id.in_(list(ids)))
    )
    for unit_id, team in job.session.execute(query):
        job.problem(changed[ids[unit_id]].row, "level", "import.level_teams", team=team)


def _check_history(
    job: ImportRun,
    planned: dict[str, _Planned],
    stored: dict[str, _Stored],
    code_of: dict[int, str],
) -> None:
    """Refuse renaming, re-levelling or moving a unit under which a team has reported."""
    changed = {}
    for code, plan in planned.items():
        old = stored.get(code)
        if old is None:
            continue
        parent = code_of[old.parent_id] if old.parent_id else None
        if (plan.name, plan.level, plan.parent) != (old.name, old.level, parent):
            changed[old.id] = plan
    if not changed:
        return
    reporting = union(
        select(ReportEntry.team_id).distinct(), select(MonthlyReport.team_id).distinct()
    ).subquery()
    reported = set(
        job.session.scalars(
            select(TeamUnit.unit_id).where(TeamUnit.team_id.in_(select(reporting.c.team_id)))
        )
    )
    if not reported:
        return
    children: dict[int, list[int]] = {}
    for item in stored.values():
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item.id)
    for unit_id, plan in changed.items():
        todo, seen = [unit_id], set()
        while todo:
            current = todo.pop()
            seen.add(current)
            todo += [child for child in children.get(current, ()) if child not in seen]
        if seen & reported:
            job.problem(plan.row, "code", "import.has_history", code=plan.code)


def _check_households(
    job: ImportRun, planned: dict[str, _Planned], stored: dict[str, _Stored]
) -> None:
    """Households cannot be removed where a percentage quota is computed from them."""
    cleared = {
        stored[code].id: plan
        for code, plan in planned.items()
        if code in stored and plan.households is None and stored[code].households is not None
    }
    for part in chunks(list(cleared)):
        query = (
            select(TeamUnit.unit_id, Team.code)
            .join(Team, Team.id == TeamUnit.team_id)
            .join(Quota, Quota.team_id == Team.id)
            .where(TeamUnit.unit_id.in_(part), Quota.target_kind == "share")
            .distinct()
        )
        for unit_id, team in job.session.execute(query):
            job.problem(cleared[unit_id].row, "households", "import.households_needed", team=team)


def _snapshot(plan: _Planned) -> dict[str, Any]:
    return {
        "code": plan.code,
        "name": plan.name,
        "level": plan.level,
        "parent": plan.parent,
        "households": plan.households,
    }


def _write(job: ImportRun, planned: dict[str, _Planned], stored: dict[str, _Stored]) -> None:
    session = job.session
    ids = {code: item.id for code, item in stored.items()}
    new = [plan for plan in planned.values() if plan.code not in stored]
    # A parent is always a level above its children, so inserting level by level lets each
    # batch refer to the ids of the one before. Bulk statements, not one object per row:
    # a province has thousands of villages.
    for depth in sorted({vocab.depth(plan.level or "village") for plan in new}):
        batch = [plan for plan in new if vocab.depth(plan.level or "village") == depth]
        rows = [
            {
                "code": plan.code,
                "name": plan.name,
                "level": plan.level,
                "parent_id": ids[plan.parent] if plan.parent else None,
                "households": plan.households,
            }
            for plan in batch
        ]
        for unit_id, code in session.execute(insert(Unit).returning(Unit.id, Unit.code), rows):
            ids[code] = unit_id
        for plan in batch:
            job.record("unit", plan.code, None, _snapshot(plan))
    code_of = {item.id: code for code, item in stored.items()}
    changes: list[dict[str, Any]] = []
    households_changed: list[int] = []
    for code, plan in planned.items():
        old = stored.get(code)
        if old is None:
            continue
        before = {
            "code": code,
            "name": old.name,
            "level": old.level,
            "parent": code_of[old.parent_id] if old.parent_id else None,
            "households": old.households,
        }
        after = _snapshot(plan)
        if before != after:
            changes.append(
                {
                    "id": old.id,
                    "name": plan.name,
                    "level": plan.level,
                    "parent_id": ids[plan.parent] if plan.parent else None,
                    "households": plan.households,
                }
            )
            if old.households != plan.households:
                households_changed.append(old.id)
        job.record("unit", code, before, after)
    if changes:
        session.execute(update(Unit), changes)
    recompute_share_targets(session, households_changed)
    job.write_audit()
