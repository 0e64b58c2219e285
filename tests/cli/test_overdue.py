"""`tracker overdue`: missing monthly reports after each level's deadline."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Tracker
from tests.golden import assert_golden


def test_overdue_json_and_table(world: Tracker) -> None:
    output = world.ok("overdue", "--date", "2026-11-22", "--format", "json").output
    assert_golden("overdue.json", output)
    document = json.loads(output)
    assert document["date"] == "2026-11-22"
    assert [row["team"] for row in document["overdue"]] == [
        "CNCD_DongTao_DoanTung",
        "X_HOSTILE",
        "CNCD_NH",
    ]
    table = world.ok("overdue", "--scope", "NH", "--date", "2026-11-22").output
    assert_golden("overdue_NH.txt", table)


def test_each_level_has_its_own_deadline(world: Tracker) -> None:
    def teams(day: str) -> list[str]:
        output = world.ok("overdue", "--date", day, "--format", "json").output
        return [row["team"] for row in json.loads(output)["overdue"]]

    assert teams("2026-11-18") == []  # the village deadline is the end of the 18th
    assert teams("2026-11-19") == ["CNCD_DongTao_DoanTung", "X_HOSTILE"]
    assert "CNCD_NH" not in teams("2026-11-20")
    assert "CNCD_NH" in teams("2026-11-21")


def test_a_report_sent_after_the_day_looked_at_is_still_missing_then(world: Tracker) -> None:
    # PhuKhe reported on the 19th at 16:00 Vietnam time; on the 19th itself it is late,
    # not missing, and the day before it is not yet due.
    output = world.ok("overdue", "--date", "2026-11-19", "--format", "json").output
    assert "CNCD_PhuKhe_NguHung" not in output
    document = json.loads(
        world.ok(
            "leaderboard",
            "--scope",
            "NH",
            "--period",
            "2026-11",
            "--date",
            "2026-11-18",
            "--format",
            "json",
        ).output
    )
    states = {row["team"]: row["monthly_report"] for row in document["teams"]}
    assert states == {
        "CNCD_HoiYen_NguHung": "on_time",
        "CNCD_PhuKhe_NguHung": "not_yet_due",
        "CNCD_NH": "not_yet_due",
    }


def test_unknown_scope_is_a_user_error(world: Tracker, monkeypatch: pytest.MonkeyPatch) -> None:
    result = world("overdue", "--scope", "NOPE")
    assert result.exit_code == 1 and "không có đơn vị mã 'NOPE'" in result.output
    monkeypatch.setenv("TRACKER_LANGUAGE", "en")
    result = world("overdue", "--scope", "NOPE")
    assert result.exit_code == 1 and "unknown unit 'NOPE'" in result.output
