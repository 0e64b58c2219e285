"""`tracker reorganize FILE --effective DATE`: the map changes from a date, history stays.

The file has one row per old unit: `old_code,new_code,new_name,new_level,new_parent`
(and `households` where a unit splits). Read against the map of the day before the
effective date:

- one old code to the same code, alone: the unit goes on (renamed, moved, re-levelled);
- old codes to one new code otherwise: they end, and a new unit starts under the new
  code, which may be one of theirs (2025's communes): the code then names the old unit
  before the date and the new one from it;
- one old code on several rows: it splits, each part with its households;
- an empty new code: the unit ends (a district), once every unit under it has a row;
- a unit the file does not name stays; one under a unit that ended follows its successor.

Teams covering an ended unit cover its successor from the date (the largest part of a
split); chats bound to it move too; share quotas of the periods ending from the date on
are resolved again on the new households. Everything is checked before anything is
written, and the plan is compared with the store, so a file applied twice changes
nothing the second time. A dry run applies inside a savepoint and rolls it back, so it
shows exactly what the real run would do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.config import Settings
from tracker.households import recompute_share_targets
from tracker.imports import values, vocab
from tracker.imports.base import ImportRun
from tracker.imports.messages import MESSAGES as IMPORT_MESSAGES
from tracker.imports.reading import Row, Spec, read_table
from tracker.imports.units import ALLOWED_PARENTS
from tracker.maps.changes import change_unit, row_since
from tracker.maps.history import UnitThen, map_at, open_at
from tracker.maps.messages import MESSAGES
from tracker.store.models import Chat, Quota, Team, TeamUnit, Unit

SPEC = Spec(
    "reorganize",
    ("old_code", "new_code", "new_name", "new_level", "new_parent", "households"),
    ("old_code", "new_code"),
)


@dataclass
class Target:
    """One new code of the file: a unit going on, or a unit starting on the date."""

    code: str
    rows: list[Row] = field(default_factory=list)
    sources: list[UnitThen] = field(default_factory=list)
    name: str | None = None
    level: str | None = None
    parent: str | None = None  # a code on the new map
    households: int | None = None
    goes_on: UnitThen | None = None  # the old unit that keeps its identity


@dataclass
class Report:
    """What a reorganisation changes, in the lists `--dry-run` prints."""

    effective: date
    ends: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    teams: list[str] = field(default_factory=list)
    chats: list[str] = field(default_factory=list)
    quotas: int = 0

    SECTIONS = ("ends", "starts", "renamed", "moved", "changed", "teams", "chats")

    @property
    def empty(self) -> bool:
        return self.quotas == 0 and not any(getattr(self, name) for name in self.SECTIONS)

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"effective": self.effective.isoformat()}
        found.update({name: getattr(self, name) for name in self.SECTIONS})
        found["quotas"] = self.quotas
        return found

    def render(self, language: str) -> str:
        lines = [MESSAGES(language, "reorg.title", day=self.effective.isoformat())]
        if self.empty:
            return "\n".join([*lines, MESSAGES(language, "reorg.nothing")])
        for name in self.SECTIONS:
            items = getattr(self, name)
            if items:
                lines.append(f"{MESSAGES(language, f'reorg.{name}')} ({len(items)}):")
                lines += [f"  {item}" for item in items]
        if self.quotas:
            lines.append(f"{MESSAGES(language, 'reorg.quotas')}: {self.quotas}")
        return "\n".join(lines)


def reorganize(
    session: Session,
    settings: Settings,
    path: Path,
    effective: date,
    actor: str,
    dry_run: bool = False,
    display: str | None = None,
) -> Report:
    """Apply the file from `effective` (or, with `dry_run`, say what it would change)."""
    shown = display or str(path)
    table = read_table(path, SPEC, settings.language, shown)
    _check_scope(session, table.rows, actor, shown)
    job = ImportRun(session, settings, table, actor)
    planner = _Planner(job, effective)
    targets, ending = planner.plan()
    job.check()
    savepoint = session.begin_nested()
    report = _Writer(session, planner, targets, ending).write()
    if dry_run:
        savepoint.rollback()
        return report
    savepoint.commit()
    if not report.empty:
        after = {"file": shown, "officer": actor, **report.as_json()}
        audit.record(session, actor, "reorganize", "units", Path(shown).name, None, after)
        session.flush()
    return report


def _check_scope(session: Session, rows: list[Row], actor: str, shown: str) -> None:
    """Every row's unit, the code it takes and its new parent must lie in the admin's
    scope (a unit moved to the top: the whole store's); one row outside refuses the file."""
    from tracker.officers.service_scope import check_units, unit_ids

    for row in rows:
        places = unit_ids(session, [row["old_code"], row["new_code"], row["new_parent"]])
        what = f"reorganize {shown}, row {row.number}"
        key = f"{shown}:{row.number}"
        check_units(session, actor, "reorganize", places, what=what, entity="unit", key=key)


class _Planner:
    """Reads the rows against the map of the day before, and checks all of them."""

    def __init__(self, job: ImportRun, effective: date) -> None:
        self.job = job
        self.session = job.session
        self.effective = effective
        self.eve = effective - timedelta(days=1)
        self.before = map_at(self.session, self.eve)
        self.after = map_at(self.session, effective)
        self.before_by_code = {unit.code: unit for unit in self.before.values()}
        self.after_by_code = {unit.code: unit for unit in self.after.values()}
        self.children: dict[int, list[UnitThen]] = defaultdict(list)
        for unit in self.before.values():
            if unit.parent_id is not None:
                self.children[unit.parent_id].append(unit)
        # old unit id -> the new codes it goes to (empty: it ends)
        self.successors: dict[int, list[str]] = {}
        # (old unit id, new code) -> the households of the part of a split going there
        self.shares: dict[tuple[int, str], int] = {}

    def plan(self) -> tuple[dict[str, Target], list[UnitThen]]:
        job = self.job
        targets: dict[str, Target] = {}
        rows_of: dict[int, list[Row]] = defaultdict(list)
        for row in job.table.rows:
            old_code = job.required(row, "old_code")
            if old_code is None:
                continue
            old = self.before_by_code.get(old_code)
            if old is None:
                job.problem(row, "old_code", "reorg.unknown_old", value=old_code, day=self.eve)
                continue
            rows_of[old.id].append(row)
            if row["new_code"]:
                target = targets.setdefault(row["new_code"], Target(row["new_code"]))
                target.rows.append(row)
                if old not in target.sources:
                    target.sources.append(old)
        for old_id, rows in rows_of.items():
            codes = [row["new_code"] for row in rows]
            if "" in codes and len(rows) > 1:
                job.problem(
                    rows[0], "new_code", "reorg.end_and_map", value=self.before[old_id].code
                )
            self.successors[old_id] = [code for code in codes if code]
            if len(rows) > 1:
                for row in rows:
                    if not row["households"]:
                        value = self.before[old_id].code
                        job.problem(row, "households", "reorg.split_households", value=value)
        for target in targets.values():
            self._settle(target)
        self._check_parents(targets)
        ending = [self.before[old_id] for old_id, codes in self.successors.items() if not codes]
        self._check_orphans(targets)
        self._check_order()
        self._check_ending_teams(ending)
        return targets, ending

    def _settle(self, target: Target) -> None:
        """The target's values, agreed between its rows, and whether a unit goes on."""
        job = self.job
        for column in ("new_name", "new_level", "new_parent"):
            given = {row[column] for row in target.rows if row[column]}
            if len({vocab.key(text) for text in given}) > 1:
                rows = ", ".join(str(row.number) for row in target.rows)
                job.problem(
                    target.rows[-1],
                    column,
                    "reorg.conflict",
                    value=target.code,
                    header=job.table.label(column),
                    rows=rows,
                )
        first = target.sources[0] if target.sources else None
        alone = len(target.sources) == 1
        same = first is not None and first.code == target.code
        if first is not None and alone and same and self.successors[first.id] == [target.code]:
            target.goes_on = first
        else:
            holder = self.before_by_code.get(target.code)
            if holder is not None and all(holder.id != unit.id for unit in target.sources):
                job.problem(
                    target.rows[0],
                    "new_code",
                    "reorg.code_taken",
                    value=target.code,
                    name=holder.name,
                )
        name = next((row["new_name"] for row in target.rows if row["new_name"]), None)
        target.name = name or (first.name if alone and first else None)
        if target.name is None:
            job.problem(target.rows[0], "new_name", "reorg.needs_name", value=target.code)
        level_text = next((row["new_level"] for row in target.rows if row["new_level"]), None)
        target.parent = next((row["new_parent"] for row in target.rows if row["new_parent"]), None)
        if level_text is not None:
            target.level = vocab.level(level_text, has_parent=target.parent is not None)
            if target.level is None:
                job.problem(target.rows[0], "new_level", "import.unknown_level", value=level_text)
        elif len({unit.level for unit in target.sources}) == 1:
            target.level = target.sources[0].level
        else:
            job.problem(target.rows[0], "new_level", "reorg.needs_level", value=target.code)
        target.households = self._households(target)

    def _households(self, target: Target) -> int | None:
        """What each row brings: its `households` (a part of a split, or the new count of
        a unit going on), else the whole of its old unit's; None if one is unknown."""
        total = 0
        for row in target.rows:
            old = self.before_by_code[row["old_code"]]
            part = old.households
            if row["households"]:
                part = values.count(row["households"])
                if part is None:
                    self.job.problem(
                        row, "households", "import.not_integer", value=row["households"]
                    )
                self.shares[(old.id, target.code)] = part or 0
            if part is None:
                return None
            total += part
        return total

    def successor_code(self, old: UnitThen) -> str | None:
        """The code on the new map of the unit that takes over `old`'s place as a parent."""
        codes = self.successors.get(old.id)
        if codes is None:  # not in the file: it stays
            return old.code
        return codes[0] if len(codes) == 1 else None

    def _check_parents(self, targets: dict[str, Target]) -> None:
        """Each target's parent exists on the new map, a level above it, with no cycle."""
        job = self.job
        ended_codes = {
            unit.code
            for unit_id, codes in self.successors.items()
            for unit in [self.before[unit_id]]
            if codes != [unit.code]
        }
        for target in targets.values():
            if target.parent is None and target.sources:
                old_parent_id = target.sources[0].parent_id
                if old_parent_id is not None:
                    parent = self.before[old_parent_id]
                    target.parent = self.successor_code(parent)
                    if target.parent is None:
                        job.problem(
                            target.rows[0],
                            "new_parent",
                            "reorg.needs_parent",
                            value=target.code,
                            parent=parent.code,
                        )
                        continue
            if target.parent is None:
                continue
            level = self.level_after(target.parent, targets, ended_codes)
            if level is None:
                job.problem(
                    target.rows[0],
                    "new_parent",
                    "reorg.unknown_parent",
                    value=target.parent,
                    day=self.effective,
                )
            elif target.level is not None and level not in ALLOWED_PARENTS[target.level]:
                job.problem(
                    target.rows[0],
                    "new_level",
                    "import.level_under",
                    level=_level_word(job, target.level),
                    parent_level=_level_word(job, level),
                    parent=target.parent,
                )
        for target in targets.values():
            path = [target.code]
            code = target.parent
            while code is not None and code in targets and code not in path:
                path.append(code)
                code = targets[code].parent
            if code is not None and code in path:
                shown = " → ".join([*path, code])
                job.problem(target.rows[0], "new_parent", "reorg.cycle", path=shown)

    def level_after(
        self, code: str, targets: dict[str, Target], ended_codes: set[str]
    ) -> str | None:
        if code in targets:
            return targets[code].level
        stays = self.before_by_code.get(code)
        if stays is not None and code not in ended_codes:
            return stays.level
        started = self.after_by_code.get(code)
        if started is not None and code not in ended_codes:
            return started.level
        return None

    def _check_orphans(self, targets: dict[str, Target]) -> None:
        """A unit that ends or splits leaves no unit under it without a row."""
        named = set(self.successors)
        for old_id, codes in self.successors.items():
            if len(codes) == 1 and codes[0] in targets:
                continue
            left = sorted(child.code for child in self.children[old_id] if child.id not in named)
            if left:
                old = self.before[old_id]
                row = self._first_row(old.code)
                shown = ", ".join(left[:5]) + (", ..." if len(left) > 5 else "")
                self.job.problem(
                    row, "old_code", "reorg.unmapped_children", value=old.code, items=shown
                )

    def _check_order(self) -> None:
        """Reorganisations go in date order: a unit the file changes, or one that follows a
        unit it ends, must not have changed (or ended) after the effective date already."""
        touched = set(self.successors)
        for old_id, codes in self.successors.items():
            if len(codes) == 1:
                touched.update(child.id for child in self.children[old_id])
        for unit_id in sorted(touched):
            unit = self.session.get(Unit, unit_id)
            assert unit is not None
            since = row_since(self.session, unit)
            later = since if since is not None and since > self.effective else None
            if unit.valid_to is not None and unit.valid_to != self.effective:
                later = unit.valid_to
            if later is not None:
                old = self.before[unit_id]
                parent_code = old.code if unit_id in self.successors else None
                row = self._first_row(parent_code) if parent_code else self.job.table.rows[0]
                self.job.problem(row, "old_code", "reorg.later_change", value=old.code, since=later)

    def _check_ending_teams(self, ending: list[UnitThen]) -> None:
        ids = [unit.id for unit in ending]
        if not ids:
            return
        query = (
            select(TeamUnit.unit_id, Team.code)
            .join(Team, Team.id == TeamUnit.team_id)
            .where(
                TeamUnit.unit_id.in_(ids),
                open_at(TeamUnit.__table__, self.eve),
                Team.retired_on.is_(None) | (Team.retired_on > self.effective),
            )
        )
        found: dict[int, list[str]] = defaultdict(list)
        for unit_id, team in self.session.execute(query):
            found[unit_id].append(team)
        for unit in ending:
            if found.get(unit.id):
                self.job.problem(
                    self._first_row(unit.code),
                    "new_code",
                    "reorg.ends_with_teams",
                    value=unit.code,
                    items=", ".join(sorted(found[unit.id])[:5]),
                )

    def _first_row(self, old_code: str) -> Row:
        return next(row for row in self.job.table.rows if row["old_code"] == old_code)


def _level_word(job: ImportRun, level: str) -> str:
    return IMPORT_MESSAGES(job.language, f"level.{level}")


class _Writer:
    """Brings the store to the plan, noting each change; a change already made is skipped."""

    def __init__(
        self,
        session: Session,
        planner: _Planner,
        targets: dict[str, Target],
        ending: list[UnitThen],
    ) -> None:
        self.session = session
        self.planner = planner
        self.targets = targets
        self.ending = ending
        self.effective = planner.effective
        self.report = Report(planner.effective)
        self.ids: dict[str, int] = {}  # code on the new map -> unit id
        self.moved_teams: set[int] = set()
        self.changed_units: set[int] = set()

    def write(self) -> Report:
        planner = self.planner
        for unit_id, codes in planner.successors.items():
            unit = planner.before[unit_id]
            goes_on = self.targets[codes[0]].goes_on if len(codes) == 1 else None
            if goes_on is None or goes_on.id != unit_id:
                self._end(unit)
        self.session.flush()  # the ended units free their codes before new units take them
        for target in sorted(
            self.targets.values(), key=lambda t: vocab.depth(t.level or "village")
        ):
            self._settle(target)
        self._follow()
        self._move_teams_and_chats()
        self.session.flush()
        self.report.quotas = self._requote()
        return self.report

    def _end(self, old: UnitThen) -> None:
        unit = self.session.get(Unit, old.id)
        assert unit is not None
        if unit.valid_to == self.effective:
            return
        since = row_since(self.session, unit)
        if since is not None and since >= self.effective:
            raise AssertionError("checked before")  # pragma: no cover
        unit.valid_to = self.effective
        self.report.ends.append(f"{old.code} {old.name}")

    def _parent_id(self, code: str | None) -> int | None:
        if code is None:
            return None
        if code in self.ids:
            return self.ids[code]
        if code in self.planner.after_by_code:
            return self.planner.after_by_code[code].id
        return self.planner.before_by_code[code].id

    def _settle(self, target: Target) -> None:
        assert target.name is not None and target.level is not None
        wanted: dict[str, object] = {
            "name": target.name,
            "level": target.level,
            "parent_id": self._parent_id(target.parent),
            "households": target.households,
        }
        if target.goes_on is not None:
            unit = self.session.get(Unit, target.goes_on.id)
            assert unit is not None
            self.ids[target.code] = unit.id
            self._change(unit, target.goes_on, wanted)
            return
        started = self.planner.after_by_code.get(target.code)
        if started is not None and started.valid_from == self.effective:
            unit = self.session.get(Unit, started.id)
            assert unit is not None
            self.ids[target.code] = unit.id
            self._change(unit, started, wanted)
            return
        unit = Unit(code=target.code, valid_from=self.effective, **wanted)
        self.session.add(unit)
        self.session.flush()
        self.ids[target.code] = unit.id
        sources = ", ".join(source.code for source in target.sources)
        self.report.starts.append(f"{target.code} {target.name} ← {sources}")

    def _change(self, unit: Unit, before: UnitThen, wanted: dict[str, object]) -> None:
        current = {name: getattr(unit, name) for name in wanted}
        if not change_unit(self.session, unit, self.effective, wanted):
            return
        self.changed_units.add(unit.id)
        if current["name"] != wanted["name"]:
            self.report.renamed.append(f"{before.code}: {current['name']} → {wanted['name']}")
        if current["parent_id"] != wanted["parent_id"]:
            self.report.moved.append(
                f"{before.code}: {self._code_of(current['parent_id'])} → "
                f"{self._code_of(wanted['parent_id'])}"
            )
        if current["level"] != wanted["level"] or current["households"] != wanted["households"]:
            self.report.changed.append(
                f"{before.code}: {current['level']}/{current['households']} → "
                f"{wanted['level']}/{wanted['households']}"
            )

    def _code_of(self, unit_id: object) -> str:
        if unit_id is None:
            return "-"
        unit = self.session.get(Unit, unit_id)
        return unit.code if unit is not None else "?"

    def _follow(self) -> None:
        """Units the file does not name, under a unit that ended: under its successor now."""
        planner = self.planner
        for old_id, codes in planner.successors.items():
            if len(codes) != 1:
                continue
            new_id = self.ids[codes[0]]
            if new_id == old_id:
                continue
            for child in planner.children[old_id]:
                if child.id in planner.successors:
                    continue
                unit = self.session.get(Unit, child.id)
                assert unit is not None
                wanted = {
                    "name": child.name,
                    "level": child.level,
                    "parent_id": new_id,
                    "households": child.households,
                }
                self._change(unit, child, wanted)

    def _successor_id(self, old_id: int) -> int | None:
        """Where the teams and chats of an ended unit go: its one successor, or the part of
        a split with the most households (the first on a tie)."""
        codes = self.planner.successors.get(old_id, [])
        if not codes:
            return None
        shares = self.planner.shares

        def size(code: str) -> tuple[int, int]:
            return shares.get((old_id, code), 0), -codes.index(code)

        best = max(codes, key=size)
        return self.ids[best]

    def _move_teams_and_chats(self) -> None:
        planner = self.planner
        moving = {
            old_id: new_id
            for old_id in planner.successors
            if (new_id := self._successor_id(old_id)) is not None and new_id != old_id
        }
        if not moving:
            return
        links = self.session.scalars(
            select(TeamUnit).where(
                TeamUnit.unit_id.in_(list(moving)),
                open_at(TeamUnit.__table__, planner.eve),
                TeamUnit.valid_to.is_(None),
            )
        ).all()
        codes = {
            team_id: code for team_id, code in self.session.execute(select(Team.id, Team.code))
        }
        for link in links:
            new_id = moving[link.unit_id]
            link.valid_to = self.effective
            self.session.flush()
            exists = self.session.get(TeamUnit, (link.team_id, new_id))
            if exists is None:
                self.session.add(
                    TeamUnit(team_id=link.team_id, unit_id=new_id, valid_from=self.effective)
                )
            self.moved_teams.add(link.team_id)
            self.report.teams.append(
                f"{codes[link.team_id]}: {planner.before[link.unit_id].code} → "
                f"{self._code_of(new_id)}"
            )
        for chat in self.session.scalars(select(Chat).where(Chat.unit_id.in_(list(moving)))):
            new_id = moving[chat.unit_id]  # type: ignore[index]
            self.report.chats.append(
                f"{chat.channel} {chat.chat_id}: {planner.before[chat.unit_id].code} → "  # type: ignore[index]
                f"{self._code_of(new_id)}"
            )
            chat.unit_id = new_id

    def _requote(self) -> int:
        """Share quotas whose period ends from the date on, on the new households."""
        teams = set(self.moved_teams)
        if self.changed_units:
            teams.update(
                self.session.scalars(
                    select(TeamUnit.team_id).where(
                        TeamUnit.unit_id.in_(list(self.changed_units)),
                        TeamUnit.valid_to.is_(None),
                    )
                )
            )
        if not teams:
            return 0
        shared = self.session.scalars(
            select(Quota.team_id)
            .where(
                Quota.team_id.in_(list(teams)),
                Quota.target_kind == "share",
                Quota.ends_on >= self.effective,
            )
            .distinct()
        ).all()
        if not shared:
            return 0
        return recompute_share_targets(self.session, team_ids=shared)


__all__ = ["SPEC", "Report", "reorganize"]
