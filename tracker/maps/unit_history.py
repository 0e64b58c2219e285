"""One unit's history as an officer reads it: its dates, the names it had, the units it was
formed from and those it merged into.

Names come from `unit_versions`. Who merged into whom comes from the audit entries of
`tracker reorganize`, whose `starts` lines read "NEW Name ← OLD1, OLD2" (one per unit the
file started): the one record of a merger, since the ended units keep no link forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.models import AuditEntry, Unit, UnitVersion


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    valid_from: date | None
    valid_to: date | None


@dataclass
class UnitHistory:
    code: str
    name: str
    valid_from: date | None
    valid_to: date | None
    earlier_names: list[Name] = field(default_factory=list)  # oldest first
    formed_from: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    merged_into: list[tuple[str, str]] = field(default_factory=list)


def unit_history(session: Session, unit_id: int) -> UnitHistory:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise LookupError(unit_id)
    history = UnitHistory(unit.code, unit.name, unit.valid_from, unit.valid_to)
    versions = session.scalars(
        select(UnitVersion).where(UnitVersion.unit_id == unit_id).order_by(UnitVersion.valid_to)
    )
    shown = unit.name
    for version in reversed(list(versions)):
        if version.name != shown:  # a change of parent or households keeps the name
            history.earlier_names.insert(
                0, Name(version.name, version.valid_from, version.valid_to)
            )
            shown = version.name
    if unit.valid_from is not None:
        sources = _merges(session, unit.valid_from).get(unit.code, [])
        history.formed_from = _named(session, sources, unit.valid_from, ended=True)
    if unit.valid_to is not None:
        merges = _merges(session, unit.valid_to)
        targets = sorted(new for new, olds in merges.items() if unit.code in olds)
        history.merged_into = _named(session, targets, unit.valid_to, ended=False)
    return history


def _merges(session: Session, effective: date) -> dict[str, list[str]]:
    """new code -> the old codes it started from, in the reorganisations of that day."""
    found: dict[str, list[str]] = {}
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "reorganize",
            AuditEntry.entity == "units",
            AuditEntry.refused.is_(False),
        )
    )
    for entry in entries:
        after: Any = entry.after or {}
        if after.get("effective") != effective.isoformat():
            continue
        for line in after.get("starts", []):
            head, _, tail = str(line).partition(" ← ")
            if head and tail:
                found[head.split(" ", 1)[0]] = [code.strip() for code in tail.split(",")]
    return found


def _named(session: Session, codes: list[str], day: date, ended: bool) -> list[tuple[str, str]]:
    """(code, name) of each code: the unit ending on `day` (ended) or starting on it."""
    found = []
    for code in codes:
        column = Unit.valid_to if ended else Unit.valid_from
        unit = session.scalars(
            select(Unit).where(Unit.code == code, column == day).order_by(Unit.id).limit(1)
        ).first()
        found.append((code, unit.name if unit is not None else ""))
    return found
