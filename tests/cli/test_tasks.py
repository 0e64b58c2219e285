"""`tracker task add|list|done` (CONTRACTS §5)."""

from __future__ import annotations

import getpass
import json

from sqlalchemy import select

from tests.conftest import Tracker
from tests.golden import assert_golden
from tracker.store.models import AuditEntry, TaskAssignment


def test_add_to_a_unit_means_every_team_under_it(world: Tracker) -> None:
    result = world.ok(
        "task",
        "add",
        "TAP1",
        "--title",
        "Tập huấn <VNeID>",
        "--due",
        "2099-12-05",
        "--to",
        "NH",
        "--to",
        "CNCD_DongTao_DoanTung",
        "--description",
        "Một buổi",
    )
    assert "assigned to 4 team(s)" in result.stderr
    with world.sessions()() as session:
        rows = session.execute(
            select(TaskAssignment.team_id, TaskAssignment.via_unit_id).order_by(TaskAssignment.id)
        ).all()
    via = [unit for _team, unit in rows[-4:]]
    assert via.count(None) == 1  # the team named directly


def test_list_json_follows_the_contract(world: Tracker) -> None:
    world.ok("task", "add", "TAP1", "--title", "Tập huấn", "--due", "2026-11-25", "--to", "NH")
    output = world.ok("task", "list", "--date", "2026-11-22", "--format", "json").output
    assert_golden("tasks.json", output)
    document = json.loads(output)
    task = document["tasks"][0]
    assert set(task) == {"code", "title", "due", "assignments"}
    assert set(task["assignments"][0]) == {"team", "status", "done_at"}
    statuses = {
        (t["code"], a["team"]): a["status"] for t in document["tasks"] for a in t["assignments"]
    }
    assert statuses[("ZALO1", "CNCD_HoiYen_NguHung")] == "overdue"
    assert statuses[("TAP1", "CNCD_NH")] == "open"


def test_done_on_time_late_and_audited(world: Tracker) -> None:
    world.ok("task", "add", "FUT", "--title", "Xa", "--due", "2099-01-01", "--to", "NH-1")
    world.ok(
        "task",
        "done",
        "FUT",
        "--team",
        "CNCD_HoiYen_NguHung",
        "--note",
        "xong",
        "--officer",
        "Cán bộ xã",
    )
    world.ok("task", "done", "ZALO1", "--team", "CNCD_PhuKhe_NguHung")
    output = world.ok("task", "list", "--scope", "NH", "--format", "json").output
    statuses = {
        (t["code"], a["team"]): a for t in json.loads(output)["tasks"] for a in t["assignments"]
    }
    assert statuses[("FUT", "CNCD_HoiYen_NguHung")]["status"] == "done_on_time"
    assert statuses[("FUT", "CNCD_HoiYen_NguHung")]["done_at"].endswith("+07:00")
    assert statuses[("ZALO1", "CNCD_PhuKhe_NguHung")]["status"] == "done_late"
    assert ("ZALO1", "CNCD_DongTao_DoanTung") not in statuses  # outside NH
    again = world("task", "done", "FUT", "--team", "CNCD_HoiYen_NguHung")
    assert again.exit_code == 1 and "đã hoàn thành nhiệm vụ 'FUT'" in again.output
    with world.sessions()() as session:
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "task").order_by(AuditEntry.id)
        ).all()
    # Without --officer, the login running the command, as every other command writes it.
    login = f"cli ({getpass.getuser()})"
    assert [(a.actor, a.action, a.entity_key) for a in audit] == [
        (login, "create", "FUT"),
        ("Cán bộ xã", "done", "FUT/CNCD_HoiYen_NguHung"),
        (login, "done", "ZALO1/CNCD_PhuKhe_NguHung"),
    ]
    assert audit[1].after["note"] == "xong"


def test_user_errors(world: Tracker) -> None:
    add = ("task", "add", "ZALO1", "--title", "x", "--due", "2026-12-01", "--to", "NH")
    result = world(*add)
    assert result.exit_code == 1 and "đã có nhiệm vụ 'ZALO1'" in result.output
    result = world("task", "add", "N", "--title", "x", "--due", "2026-12-01", "--to", "NOPE")
    assert result.exit_code == 1 and "không có tổ hay đơn vị mã 'NOPE'" in result.output
    result = world("task", "done", "ZALO1", "--team", "CNCD_NH")
    assert result.exit_code == 1 and "không giao cho tổ 'CNCD_NH'" in result.output
    result = world("task", "add", "N", "--title", "x", "--due", "1/12/2026", "--to", "NH")
    assert result.exit_code == 2


def test_table(world: Tracker) -> None:
    assert_golden("tasks.txt", world.ok("task", "list", "--date", "2026-11-22").output)
