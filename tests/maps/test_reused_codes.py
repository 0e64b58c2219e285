"""A reused code (the new commune of 1 July 2025 keeps the code of one it merged): every
look-up by code picks the unit of the date in question, never its ended namesake."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tracker.chats import bind_chat
from tracker.config import load_settings
from tracker.hierarchy import find_unit
from tracker.maps.lookup import unit_by_code, units_by_codes
from tracker.store.models import Task, TaskAssignment, Team, Unit
from tracker.tasks import add_task
from tracker.teams import save_team
from tracker.units import UnitForm, save_unit

ACTOR = "Cán bộ tỉnh"
JUNE, TODAY = date(2025, 6, 20), date(2026, 11, 20)


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def merged(tracker: Tracker, tmp_path: Path) -> Tracker:
    """Thị trấn Nam Sách (11002) and Xã Nam Hưng (11005) merge on 1 July 2025 into Xã Nam
    Sách, which keeps the code 11002; the district ends."""
    units = (
        "code,name,level,parent\nHD,Tỉnh Hải Dương,tỉnh,\nNS,Huyện Nam Sách,huyện,HD\n"
        "11002,Thị trấn Nam Sách,thị trấn,NS\n11005,Xã Nam Hưng,xã,NS\n"
    )
    teams = (
        "code,name,units,active_from\nT_NS,Tổ Nam Sách,11002,2025-01-01\n"
        "T_NH,Tổ Nam Hưng,11005,2025-01-01\n"
    )
    mapping = (
        "old_code,new_code,new_name,new_level,new_parent\nNS,,,,\n"
        "11002,11002,Xã Nam Sách,xã,HD\n11005,11002,Xã Nam Sách,xã,HD\n"
    )
    tracker.ok("import", "units", _write(tmp_path / "u.csv", units))
    tracker.ok("import", "teams", _write(tmp_path / "t.csv", teams))
    tracker.ok("reorganize", _write(tmp_path / "r.csv", mapping), "--effective", "2025-07-01")
    return tracker


def _ranked(tracker: Tracker, scope: str, day: str) -> tuple[str, list[str]]:
    result = tracker.ok("digest", "--scope", scope, "--date", day, "--format", "json")
    document = json.loads(result.output)
    return document["scope"], sorted(row["team"] for row in document["ranking"])


def test_the_code_names_the_unit_of_each_date(merged: Tracker) -> None:
    with merged.sessions()() as session:
        old, new = unit_by_code(session, "11002", JUNE), unit_by_code(session, "11002", TODAY)
        assert old is not None and new is not None and old.id != new.id
        assert (old.name, old.valid_to) == ("Thị trấn Nam Sách", date(2025, 7, 1))
        assert (new.name, new.valid_from) == ("Xã Nam Sách", date(2025, 7, 1))
        assert find_unit(session, "11002", JUNE).id == old.id
        assert find_unit(session, "11002").id == new.id
        assert unit_by_code(session, "11005", TODAY) is None
        assert {code: u.id for code, u in units_by_codes(session, ["11002", "11005"]).items()} == {
            "11002": new.id
        }
    # The digest of the code: June's the town's one team, today's the merged commune's two.
    assert _ranked(merged, "11002", "2025-06-20") == ("11002", ["T_NS"])
    assert _ranked(merged, "11002", "2026-11-20") == ("11002", ["T_NH", "T_NS"])
    refused = merged("digest", "--scope", "11005", "--date", "2026-11-20")
    assert refused.exit_code == 1
    assert "11005" in refused.output and "2025-06-30" in refused.output


def test_forms_edit_todays_unit_and_an_ended_code_is_free(merged: Tracker) -> None:
    settings = load_settings(db_url=merged.db_url, environ={})
    with merged.sessions().begin() as session:
        form = UnitForm("11002", "Xã Nam Sách", "xã", "HD", "4200")
        save_unit(session, settings, form, ACTOR, old_code="11002")
        # 11005 ended without a successor of that code: a new unit may take it.
        save_unit(session, settings, UnitForm("11005", "Xã Mới", "xã", "HD", ""), ACTOR)
    with merged.sessions()() as session:
        rows = session.execute(
            select(Unit.code, Unit.name, Unit.households, Unit.valid_from, Unit.valid_to)
            .where(Unit.code.in_(["11002", "11005"]))
            .order_by(Unit.code, Unit.id)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("11002", "Thị trấn Nam Sách", None, None, date(2025, 7, 1)),
        ("11002", "Xã Nam Sách", 4200, date(2025, 7, 1), None),
        ("11005", "Xã Nam Hưng", None, None, date(2025, 7, 1)),
        ("11005", "Xã Mới", None, None, None),
    ]


def test_bindings_teams_and_tasks_take_todays_unit(merged: Tracker) -> None:
    settings = load_settings(db_url=merged.db_url, environ={})
    with merged.sessions().begin() as session:
        chat = bind_chat(session, settings, "telegram", "-1005", "Xã Nam Sách", ACTOR, unit="11002")
        team = save_team(session, settings, "T_MOI", "Tổ mới", ["11002"], ACTOR)
        add_task(session, "NV1", "Cài VNeID", date(2026, 11, 30), ["11002"], ACTOR)
        today = unit_by_code(session, "11002")
        assert today is not None
        assert chat.unit_id == today.id
        assert [unit.id for unit in team.units] == [today.id]
    with merged.sessions()() as session:
        assigned = session.scalars(
            select(Team.code)
            .join(TaskAssignment, TaskAssignment.team_id == Team.id)
            .join(Task, Task.id == TaskAssignment.task_id)
            .where(Task.code == "NV1")
            .order_by(Team.code)
        ).all()
    assert assigned == ["T_MOI", "T_NH", "T_NS"]
