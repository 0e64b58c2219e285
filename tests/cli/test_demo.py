"""`tracker demo`: what it puts in the store, and that the same seed gives the same store."""

from __future__ import annotations

import math
import re
from collections import Counter
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import Tracker
from tracker.config import DEFAULT_MEMBER_CAPS
from tracker.store.models import (
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


def test_demo_builds_a_province_of_real_names_and_standard_teams(sqlite_tracker: Tracker) -> None:
    output = load(sqlite_tracker)
    assert "Demo loaded:" in output and "Processed: counted" in output
    with sqlite_tracker.sessions()() as session:
        units = session.scalars(select(Unit)).all()
        levels = Counter(unit.level for unit in units)
        assert levels["province"] == 1 and levels["district"] == 3
        assert levels["commune"] == 15 and 60 <= levels["village"] <= 120
        by_level = {"district": "province", "commune": "district", "village": "commune"}
        for unit in units:
            if unit.level != "province":
                assert unit.parent is not None and unit.parent.level == by_level[unit.level]
        top = next(unit for unit in units if unit.level == "province")
        assert top.name == "Tỉnh Hải Dương"
        assert top.households == sum(u.households or 0 for u in units if u.level == "village")
        assert all(
            re.match(r"^(Huyện|Thành phố|Thị xã) ", u.name) for u in units if u.level == "district"
        )
        assert all(
            re.match(r"^(Xã|Phường|Thị trấn) ", u.name) for u in units if u.level == "commune"
        )
        assert all(150 <= (u.households or 0) <= 700 for u in units if u.level == "village")
        _check_teams(session)


def _check_teams(session: Session) -> None:
    teams = session.scalars(select(Team)).all()
    assert 80 <= len(teams) <= 140
    for team in teams:
        commune = team.units[0] if team.level == "commune" else team.units[0].parent
        assert commune is not None
        commune_name = re.sub(r"^(Xã|Phường|Thị trấn) ", "", commune.name)
        if team.level == "village":
            # CNCĐ_<village>_<commune> (seeds/001)
            assert re.fullmatch(rf"CNCĐ_.+_{re.escape(commune_name)}", team.name), team.name
        else:
            assert team.name.startswith(f"CNCĐ_{commune_name}_")
        assert team.code.startswith("CNCD_") and team.code.isascii()
        roles = Counter(member.role for member in team.members)
        assert roles["leader"] == 1 and roles["deputy"] == 1
        assert 3 <= len(team.members) <= DEFAULT_MEMBER_CAPS[team.level]
        for member in team.members:
            assert member.account("telegram") and member.account("zalo")
    # A ward's small residential areas share a team (seeds/003).
    assert any(len(team.units) == 2 for team in teams) or not any(
        unit.name.startswith("Phường") for team in teams for unit in team.units
    )


def test_quotas_are_resolved_against_households(sqlite_tracker: Tracker) -> None:
    load(sqlite_tracker, "--size", "small")
    with sqlite_tracker.sessions()() as session:
        quotas = session.scalars(select(Quota)).all()
        assert {quota.period for quota in quotas} == {"2026-10", "2026-11"}
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
