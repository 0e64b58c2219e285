"""The demo's map brought to 1 July 2025 by the real reorganisation, applied through
`tracker reorganize`'s service, so that the store keeps June on the old map."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from tempfile import TemporaryDirectory

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.demo.facts import MAPPING_FILE, facts, mapping
from tracker.demo.world import Built
from tracker.maps.reorganize import SPEC, Report, reorganize
from tracker.store.models import Team, Unit


def reorganize_demo(session: Session, settings: Settings, built: Built, actor: str) -> Report:
    """Apply the mapping of 1 July 2025 to the demo's old map; point `built` at the new
    province. The demo's villages of a commune that splits are handed out to its parts."""
    known = facts()
    session.flush()
    with TemporaryDirectory() as folder:
        path = Path(folder) / MAPPING_FILE
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(SPEC.columns)
            writer.writerows(_rows(built))
        report = reorganize(session, settings, path, known.effective, actor, display=MAPPING_FILE)
    # The service changed the units' parents and the teams' links: the collections loaded
    # before are stale. Expiring only those keeps the rest of the world loaded (expiring
    # everything made each later access reload and flush, minutes on --size large).
    for item in list(session.identity_map.values()):
        if isinstance(item, Unit):
            session.expire(item, ["parent", "children"])
        elif isinstance(item, Team):
            session.expire(item, ["units"])
    built.province = session.scalars(
        select(Unit).where(Unit.code == known.after.code, Unit.valid_to.is_(None))
    ).one()
    built.districts = []
    return report


def _rows(built: Built) -> list[list[str]]:
    """The shipped mapping, with the households of a split's parts taken from the villages
    the demo gave the commune (the shipped ones are made up for communes without any)."""
    parts: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
    for row in mapping():
        parts[row["old_code"]].append(row)
    with_villages = {unit.code: unit for unit in built.communes}
    rows: list[list[str]] = []
    for old_code, group in parts.items():
        commune = with_villages.get(old_code)
        if commune is None or len(group) == 1:
            rows += [[row[column] for column in SPEC.columns] for row in group]
            continue
        # Villages go to the parts in turn, the converter's default part first.
        villages = sorted(commune.children, key=lambda unit: unit.code)
        given: defaultdict[str, int] = defaultdict(int)
        for number, village in enumerate(villages):
            part = group[number % len(group)]
            given[part["new_code"]] += village.households or 0
            rows.append([village.code, village.code, "", "", part["new_code"], ""])
        for row in group:
            values = dict(row, households=str(given[row["new_code"]]))
            rows.append([values[column] for column in SPEC.columns])
    return rows
