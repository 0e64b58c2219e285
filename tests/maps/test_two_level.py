"""The two-level chain (issue 15, item 6): province > commune > village, no district.

A commune team's monthly report goes straight to the province, overdue flags reach the
nearest ancestor's chat, and no empty district shows in the digest or the monthly list;
teams work only within their active dates. The clock of tests/conftest.py is 2026-11-20.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tracker.clock import parse_moment
from tracker.config import load_settings, user_config_file
from tracker.store.models import OutboxMessage
from tracker.sync.schedule import queue_due

LIMITS = {"telegram": 4096}
PROVINCE_CHAT = "-1009000000001"

UNITS = """mã,tên,cấp,cấp trên,số hộ
HP,Thành phố Hải Phòng,tỉnh,,
10837,Phường Hải Dương,phường,HP,5000
11002,Xã Nam Sách,xã,HP,3000
10837-01,Khu dân cư số 1,tổ dân phố,10837,200
11002-01,Thôn Đông,thôn,11002,150
"""
TEAMS = """code,name,units,active_from
T_PHD,Tổ CNSCĐ phường Hải Dương,10837,2026-01-01
T_KDC1,Tổ CNSCĐ khu dân cư số 1,10837-01,2026-01-01
T_DONG,Tổ CNSCĐ thôn Đông,11002-01,2026-01-01
T_MOI,Tổ CNSCĐ thôn Đông mới,11002-01,2026-11-19
T_CU,Tổ CNSCĐ khu dân cư cũ,10837-01,2026-01-01
"""
CHATS = f"channel,chat_id,title,unit,team\ntelegram,{PROVINCE_CHAT},Cán bộ thành phố,HP,\n"


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def two_level(tracker: Tracker, tmp_path: Path) -> Tracker:
    for kind, text in (
        ("units", UNITS),
        ("teams", TEAMS),
        ("indicators", "code,name,pillar\nttdt,Thanh toán điện tử,economy\n"),
        (
            "quotas",
            "team,indicator,period,target\nT_PHD,ttdt,2026-11,100\nT_DONG,ttdt,2026-11,50\n",
        ),
        ("chats", CHATS),
    ):
        tracker.ok("import", kind, _write(tmp_path / f"{kind}.csv", text))
    tracker.ok("teams", "retire", "T_CU", "--date", "2026-11-01")
    return tracker


def _queued(tracker: Tracker, now: str) -> list[tuple[str, str]]:
    sessions = tracker.sessions()
    queue_due(sessions, load_settings(db_url=tracker.db_url), parse_moment(now), LIMITS)
    with sessions() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [(row.idempotency_key, row.chat_id) for row in rows]


def test_monthly_reports_go_to_the_province_on_each_levels_deadline(two_level: Tracker) -> None:
    listed = two_level.ok(
        "monthly",
        "list",
        "--scope",
        "HP",
        "--month",
        "2026-11",
        "--date",
        "2026-11-21",
        "--format",
        "json",
    )
    document = json.loads(listed.output)
    due = {row["team"]: (row["level"], row["due"]) for row in document["teams"]}
    # The commune team reports to the province by the commune's day, the 20th; a team
    # retired on the 1st owes nothing; the one founded on the 19th owes nothing either
    # (its village deadline, the 18th, was before it started).
    assert due == {
        "T_PHD": ("commune", "2026-11-20"),
        "T_KDC1": ("village", "2026-11-18"),
        "T_DONG": ("village", "2026-11-18"),
    }
    # The province's units are its communes: no district step in between.
    assert [unit["unit"] for unit in document["units"]] == ["10837", "11002"]
    assert [unit["expected"] for unit in document["units"]] == [2, 1]


def test_the_deadline_of_a_level_is_configurable(two_level: Tracker) -> None:
    config = user_config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[deadlines]\ncommune = 10\n", encoding="utf-8")
    listed = two_level.ok(
        "monthly", "list", "--scope", "HP", "--month", "2026-11", "--format", "json"
    )
    due = {row["team"]: row["due"] for row in json.loads(listed.output)["teams"]}
    assert due["T_PHD"] == "2026-11-10"
    assert due["T_DONG"] == "2026-11-18"


def test_overdue_flags_reach_the_province_chat(two_level: Tracker) -> None:
    flags = [(k, c) for k, c in _queued(two_level, "2026-11-21T17:00") if k.startswith("over")]
    # No commune has a chat: the province's is the nearest ancestor's. The retired team and
    # the one founded after its deadline are not flagged.
    assert flags == [
        ("overdue:T_DONG:2026-11", PROVINCE_CHAT),
        ("overdue:T_KDC1:2026-11", PROVINCE_CHAT),
        ("overdue:T_PHD:2026-11", PROVINCE_CHAT),
    ]
    overdue = two_level.ok("overdue", "--scope", "HP", "--date", "2026-11-21", "--format", "json")
    assert [row["team"] for row in json.loads(overdue.output)["overdue"]] == [
        "T_DONG",
        "T_KDC1",
        "T_PHD",
    ]


def test_reminders_skip_a_retired_team(two_level: Tracker, tmp_path: Path) -> None:
    chats = "channel,chat_id,title,unit,team\n" + "".join(
        f"telegram,-10090000001{n},Tổ {code},,{code}\n" for n, code in enumerate(("T_KDC1", "T_CU"))
    )
    two_level.ok("import", "chats", _write(tmp_path / "team_chats.csv", chats))
    reminders = [k for k, _ in _queued(two_level, "2026-11-17T17:00") if k.startswith("remind")]
    assert reminders == ["reminder:T_KDC1:2026-11"]


def test_the_province_digest_ranks_its_communes_teams_without_a_district(
    two_level: Tracker,
) -> None:
    digest = json.loads(
        two_level.ok("digest", "--scope", "HP", "--date", "2026-11-21", "--format", "json").output
    )
    # The retired team is not ranked; the team founded on the 19th is (it works this month).
    assert sorted(row["team"] for row in digest["ranking"]) == [
        "T_DONG",
        "T_KDC1",
        "T_MOI",
        "T_PHD",
    ]
    assert [row["team"] for row in digest["overdue"]] == ["T_DONG", "T_KDC1", "T_PHD"]
    text = two_level.ok("digest", "--scope", "HP", "--date", "2026-11-21").output
    assert "huyện" not in text.lower()
    refused = two_level("digest", "--scope", "T_CU", "--date", "2026-11-21")
    assert refused.exit_code == 1
    assert "T_CU" in refused.output and "2026-11-21" in refused.output
    assert "Traceback" not in refused.output


def test_an_ended_district_gets_no_digest_and_no_line(tracker: Tracker, tmp_path: Path) -> None:
    """The map before 1 July 2025 had a district; reorganised, the province's digest and
    monthly list show its communes, and the district's chat hears nothing."""
    units = (
        "code,name,level,parent\nHD,Tỉnh Hải Dương,tỉnh,\nNS,Huyện Nam Sách,huyện,HD\n"
        "11002,Thị trấn Nam Sách,thị trấn,NS\n11005,Xã Nam Hưng,xã,NS\n"
    )
    tracker.ok("import", "units", _write(tmp_path / "u.csv", units))
    tracker.ok(
        "import",
        "teams",
        _write(
            tmp_path / "t.csv",
            "code,name,units,active_from\nT_NS,Tổ Nam Sách,11002,2025-01-01\n"
            "T_NH,Tổ Nam Hưng,11005,2025-01-01\n",
        ),
    )
    chats = "channel,chat_id,title,unit,team\ntelegram,-1001,Tỉnh,HD,\ntelegram,-1002,Huyện,NS,\n"
    tracker.ok("import", "chats", _write(tmp_path / "c.csv", chats))
    mapping = (
        "old_code,new_code,new_name,new_level,new_parent\nNS,,,,\n"
        "11002,11002,Xã Nam Sách,xã,HD\n11005,11002,Xã Nam Sách,xã,HD\n"
    )
    tracker.ok("reorganize", _write(tmp_path / "r.csv", mapping), "--effective", "2025-07-01")
    digests = [(k, c) for k, c in _queued(tracker, "2026-11-21T17:00") if k.startswith("dig")]
    chats_heard = {chat for _, chat in digests}
    assert "-1001" in chats_heard
    assert "-1002" not in chats_heard  # the ended district's chat, wherever it is bound now
    listed = json.loads(
        tracker.ok(
            "monthly", "list", "--scope", "HD", "--month", "2026-11", "--format", "json"
        ).output
    )
    assert [unit["unit"] for unit in listed["units"]] == ["11002"]
    assert sorted(row["team"] for row in listed["teams"]) == ["T_NH", "T_NS"]
    june = json.loads(
        tracker.ok(
            "monthly", "list", "--scope", "HD", "--month", "2025-06", "--format", "json"
        ).output
    )
    assert [unit["unit"] for unit in june["units"]] == ["NS"]  # June's map had the district
