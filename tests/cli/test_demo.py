"""`tracker demo`: what it puts in the store, and that the same seed gives the same store."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import Tracker
from tracker.config import DEFAULT_MEMBER_CAPS
from tracker.demo.facts import facts, mapping
from tracker.maps.history import UnitThen, links_at, map_at
from tracker.store.models import (
    AuditEntry,
    Chat,
    InboundMessage,
    Member,
    MemberAccount,
    MonthlyReport,
    Quota,
    ReportEntry,
    ReviewItem,
    Task,
    TaskAssignment,
    Team,
    TeamUnit,
    Unit,
)

TODAY = "2026-11-22"


def load(tracker: Tracker, *args: str) -> str:
    result = tracker.ok("demo", "--today", TODAY, *args)
    return result.output


def dump(tracker: Tracker) -> list[tuple[object, ...]]:
    """Everything the demo decides, in a stable order (not the clock's received_at)."""
    with tracker.sessions()() as session:
        rows: list[tuple[object, ...]] = []
        rows += session.execute(
            select(Unit.code, Unit.name, Unit.level, Unit.households).order_by(Unit.code)
        ).all()
        rows += session.execute(select(Team.code, Team.name, Team.level).order_by(Team.code)).all()
        rows += session.execute(
            select(Member.name, Member.role, Member.organization, Member.phone).order_by(Member.id)
        ).all()
        rows += session.execute(
            select(
                Quota.period, Quota.target_kind, Quota.target_value, Quota.resolved_target
            ).order_by(Quota.id)
        ).all()
        rows += session.execute(
            select(Chat.channel, Chat.chat_id, Chat.title).order_by(Chat.id)
        ).all()
        rows += session.execute(
            select(
                InboundMessage.chat_id,
                InboundMessage.message_id,
                InboundMessage.edit_version,
                InboundMessage.sender_id,
                InboundMessage.sent_at,
                InboundMessage.text,
            ).order_by(InboundMessage.id)
        ).all()
        return [tuple(row) for row in rows]


def test_demo_builds_todays_two_level_province_of_real_names(sqlite_tracker: Tracker) -> None:
    output = load(sqlite_tracker)
    assert "Demo loaded:" in output and "Processed: counted" in output
    with sqlite_tracker.sessions()() as session:
        today = map_at(session, date.fromisoformat(TODAY))
        levels = Counter(unit.level for unit in today.values())
        assert levels["district"] == 0  # no district valid today
        top = next(unit for unit in today.values() if unit.level == "province")
        assert (top.code, top.name) == ("31", "Thành phố Hải Phòng")
        communes = [unit for unit in today.values() if unit.level == "commune"]
        assert len(communes) == 114 and all(unit.parent_id == top.id for unit in communes)
        assert all(re.match(r"^(Xã|Phường|Đặc khu) ", unit.name) for unit in communes)
        assert {"10507", "11914"} <= {unit.code for unit in communes}  # real GSO codes
        assert 60 <= levels["village"] <= 120
        for unit in today.values():
            if unit.level == "village":
                assert today[unit.parent_id].level == "commune"  # type: ignore[index]
                assert 150 <= (unit.households or 0) <= 700
        # June 2025, on the old map: Hải Dương (30) and the old Hải Phòng, with districts.
        june = map_at(session, date(2025, 6, 30))
        old = {unit.code: unit for unit in june.values() if unit.level == "province"}
        assert old["30"].name == "Tỉnh Hải Dương" and old["31"].name == "Thành phố Hải Phòng"
        districts = [unit for unit in june.values() if unit.level == "district"]
        assert len([d for d in districts if d.parent_id == old["30"].id]) == 12
        assert all(re.match(r"^(Huyện|Thành phố|Thị xã|Quận) ", d.name) for d in districts)
        assert len([u for u in june.values() if u.level == "commune"]) == 207 + 167
        _check_teams(session, june)
        reorganised = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "reorganize")
        ).one()
        assert reorganised.actor == "tracker demo" and reorganised.after["effective"] == (
            "2025-07-01"
        )


def _check_teams(session: Session, june: dict[int, UnitThen]) -> None:
    """Teams are named after the places they served when founded, before July 2025."""
    teams = session.scalars(select(Team)).all()
    assert 80 <= len(teams) <= 140
    links = links_at(session, date(2025, 6, 30))
    served = {team: unit for unit, holders in links.items() for team in holders}
    for team in teams:
        unit = june[served[team.id]]
        commune = unit if team.level == "commune" else june[unit.parent_id]  # type: ignore[index]
        commune_name = re.sub(r"^(Xã|Phường|Thị trấn) ", "", commune.name)
        if team.level == "village":
            # CNCĐ_<village>_<commune> (seeds/001)
            assert re.fullmatch(rf"CNCĐ_.+_{re.escape(commune_name)}", team.name), team.name
        else:
            assert team.name.startswith(f"CNCĐ_{commune_name}_")
        assert team.code.startswith("CNCD_") and team.code.isascii()
        assert team.active_from == date(2025, 6, 1)
        roles = Counter(member.role for member in team.members)
        assert roles["leader"] == 1 and roles["deputy"] == 1
        assert 3 <= len(team.members) <= DEFAULT_MEMBER_CAPS[team.level]
        for member in team.members:
            assert member.account("telegram") and member.account("zalo")
    # A ward's small residential areas share a team (seeds/003).
    assert any(len(team.units) == 2 for team in teams) or not any(
        june[unit].name.startswith("Khu dân cư") for unit in served.values()
    )
    # Today every team covers units of the new map.
    assert all(unit.valid_to is None for team in teams for unit in team.units)


def test_june_ranks_on_the_old_map_and_november_on_the_new(sqlite_tracker: Tracker) -> None:
    load(sqlite_tracker, "--size", "small")
    june = json.loads(_board(sqlite_tracker, "30", "2025-06"))
    november = json.loads(_board(sqlite_tracker, "31", "2026-11"))
    assert {row["team"] for row in june["teams"]} == {row["team"] for row in november["teams"]}
    assert all(row["score"] is not None for row in june["teams"])
    assert any(row["monthly_report"] == "on_time" for row in june["teams"])
    refused = sqlite_tracker("leaderboard", "--scope", "30", "--period", "2026-11")
    assert refused.exit_code == 1 and "2025-06-30" in refused.output
    assert "Traceback" not in refused.output
    # In June code 31 names the old Hải Phòng, where the demo has no team.
    assert json.loads(_board(sqlite_tracker, "31", "2025-06"))["teams"] == []
    # A commune code reused on 1 July 2025 names the old commune in June and the new one
    # later, which holds the teams of every old commune merged into it.
    with sqlite_tracker.sessions()() as session:
        reused = session.execute(
            select(Unit.code)
            .join(TeamUnit, TeamUnit.unit_id == Unit.id)
            .where(Unit.level == "commune", Unit.valid_to.is_(None))
            .group_by(Unit.code)
            .having(func.count(TeamUnit.team_id) >= 1)
        ).scalars()
        old_codes = set(session.scalars(select(Unit.code).where(Unit.valid_to == date(2025, 7, 1))))
        code = next(code for code in reused if code in old_codes)
    before = sqlite_tracker.ok("leaderboard", "--scope", code, "--period", "2025-06").output
    after = sqlite_tracker.ok("leaderboard", "--scope", code, "--period", "2026-11").output
    assert before.splitlines()[0] != after.splitlines()[0]  # two names for one code


def _board(tracker: Tracker, scope: str, period: str) -> str:
    return tracker.ok(
        "leaderboard", "--scope", scope, "--period", period, "--format", "json"
    ).output


def test_a_today_before_the_new_map_has_60_days_is_refused(sqlite_tracker: Tracker) -> None:
    result = sqlite_tracker("demo", "--today", "2025-08-15")
    assert result.exit_code == 1
    assert "2025-08-30" in result.output and "Traceback" not in result.output
    with sqlite_tracker.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 0


def test_quotas_are_resolved_against_households(sqlite_tracker: Tracker) -> None:
    load(sqlite_tracker, "--size", "small")
    with sqlite_tracker.sessions()() as session:
        quotas = session.scalars(select(Quota)).all()
        assert {quota.period for quota in quotas} == {"2025-06", "2026-10", "2026-11"}
        kinds = Counter(quota.target_kind for quota in quotas)
        assert kinds["share"] > 0 and kinds["count"] > 0
        for quota in quotas:
            if quota.target_kind == "share":
                households = sum(unit.households or 0 for unit in quota.team.units)
                assert quota.target_value in (Decimal(30), Decimal(60))
                assert quota.resolved_target == math.ceil(quota.target_value * households / 100)
            else:
                assert quota.resolved_target == int(quota.target_value) > 0
        tasks = session.scalars(select(Task)).all()
        assert {task.code for task in tasks} == {"NHOMZALO", "OCOPSAN", "VNEID2"}
        assert all(task.assignments for task in tasks)


def test_activity_is_journalled_like_real_messages(sqlite_tracker: Tracker) -> None:
    load(sqlite_tracker, "--size", "small")
    with sqlite_tracker.sessions()() as session:
        messages = session.scalars(select(InboundMessage)).all()
        assert len(messages) > 150
        texts = [message.text for message in messages]
        assert any(text.startswith("/bcthang") or "tháng" in text for text in texts)
        assert any(text.startswith(("/xong", "#xong")) for text in texts)
        assert any(text.startswith(("bc ", "Bc ", "bao cao ")) for text in texts)  # no diacritics
        assert any(message.edit_version == 1 for message in messages)
        days = {message.sent_at.date() for message in messages}
        assert len(days) > 40
        known = set(session.scalars(select(Chat.chat_id)))
        assert {message.chat_id for message in messages} <= known
        # The pipeline took every message: counted, sent to review or ignored as chat.
        statuses = Counter(message.status for message in messages)
        assert set(statuses) <= {"counted", "review", "ignored"}
        assert statuses["counted"] > statuses["review"] > 0 and statuses["ignored"] > 0
        # Every counted number is traced to the message it came from, from a member.
        entries = session.scalars(select(ReportEntry)).all()
        assert len(entries) > 100
        members = set(session.scalars(select(MemberAccount.user_id)))
        for entry in entries:
            assert entry.message is not None and entry.officer is None
            assert entry.message.sender_id in members
        reasons = set(session.scalars(select(ReviewItem.reason)))
        assert "unknown_sender" in reasons
        assert session.scalars(select(MonthlyReport)).first() is not None
        done = session.scalars(select(TaskAssignment).where(TaskAssignment.status == "done"))
        assert done.first() is not None


def test_same_seed_same_store_and_a_second_run_changes_nothing(sqlite_tracker: Tracker) -> None:
    load(sqlite_tracker, "--size", "small", "--seed", "7")
    first = dump(sqlite_tracker)
    again = sqlite_tracker.ok("demo", "--today", TODAY, "--size", "small")
    assert "already holds the demo" in again.output
    assert dump(sqlite_tracker) == first
    load(sqlite_tracker, "--size", "small", "--seed", "7", "--reset")
    assert dump(sqlite_tracker) == first
    load(sqlite_tracker, "--size", "small", "--seed", "8", "--reset")
    assert dump(sqlite_tracker) != first


def test_a_store_with_other_data_is_refused(sqlite_tracker: Tracker) -> None:
    with sqlite_tracker.sessions().begin() as session:
        session.add(Unit(code="X", name="Tỉnh X", level="province"))
    result = sqlite_tracker("demo")
    assert result.exit_code == 1
    assert "not the demo's" in result.output


def test_the_shipped_mapping_covers_the_shipped_old_map_and_lands_on_the_new() -> None:
    known = facts()
    rows = mapping()
    named = {row["old_code"] for row in rows}
    old = {
        unit
        for province in known.before
        for district in province.districts
        for unit in [province.code, district.code, *(c.code for c in district.communes)]
    }
    assert named == old  # every old unit has its row, and only those
    new = {commune.code for commune in known.after.communes}
    assert len(new) == 114
    landed = {row["new_code"] for row in rows if row["new_level"] != "tỉnh" and row["new_code"]}
    assert landed == new  # every new commune comes from some old unit
    districts = {d.code for province in known.before for d in province.districts}
    ended = {row["old_code"] for row in rows if not row["new_code"]}
    assert ended == districts - {"318"}  # Bạch Long Vĩ, a district with no commune, goes on
