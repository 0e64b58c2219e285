"""Units, teams and chats changed one at a time: the importers' rules, renames, removal
refused while something depends on a unit, and an audit entry for each change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.chats import bind_chat, chats_bound_to, unbind_chat
from tracker.config import load_settings
from tracker.errors import UserError
from tracker.forms import FormRefused
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import (
    AuditEntry,
    Chat,
    Indicator,
    Member,
    MemberAccount,
    Quota,
    ReportEntry,
    Task,
    TaskAssignment,
    Team,
    Unit,
)
from tracker.tasks import complete, mark_done
from tracker.teams import remove_team, save_team, split_codes
from tracker.units import UnitError, UnitForm, remove_unit, save_unit

ACTOR = "Cán bộ Sửa"


@pytest.fixture
def sessions(db_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(db_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


@pytest.fixture
def settings(db_url: str):  # type: ignore[no-untyped-def]
    return load_settings(db_url=db_url, environ={})


def audit(session: Session, entity: str) -> list[tuple[str, str, str]]:
    rows = session.execute(
        select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_key)
        .where(AuditEntry.entity == entity)
        .order_by(AuditEntry.id)
    )
    return [(actor, action, key) for actor, action, key in rows]


def test_add_rename_and_remove_a_unit(sessions: sessionmaker[Session], settings) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        unit = save_unit(
            session, settings, UnitForm("DT-2", "Thôn Hai", "thôn", "DT", "120"), ACTOR
        )
        assert (unit.level, unit.parent and unit.parent.code, unit.households) == (
            "village",
            "DT",
            120,
        )
    with sessions.begin() as session:
        form = UnitForm("DT-02", "Thôn Hai", "village", "DT", "")
        save_unit(session, settings, form, ACTOR, old_code="DT-2")
    with sessions.begin() as session:
        renamed = session.scalars(select(Unit).where(Unit.code == "DT-02")).one()
        assert renamed.households is None
        remove_unit(session, "DT-02", ACTOR)
    with sessions() as session:
        assert session.scalars(select(Unit).where(Unit.code.like("DT-%2"))).all() == []
        assert audit(session, "unit") == [
            (ACTOR, "create", "DT-2"),
            (ACTOR, "update", "DT-02"),  # the code
            (ACTOR, "update", "DT-02"),  # the households
            (ACTOR, "delete", "DT-02"),
        ]


def test_the_importers_rules_refuse_a_form_and_nothing_is_written(  # type: ignore[no-untyped-def]
    sessions: sessionmaker[Session], settings
) -> None:
    cases = [
        (UnitForm("DT-3", "Thôn Ba", "huyện", "DT"), "level: huyện không thể trực thuộc xã DT"),
        (UnitForm("DT-3", "Thôn Ba", "thôn", "XX"), "parent: không có đơn vị mã XX"),
        (UnitForm("DT-3", "", "thôn", "DT"), "name: không được để trống"),
        (UnitForm("DT-3", "Thôn Ba", "thôn", "DT", "-4"), "households: -4 không phải số nguyên"),
    ]
    for form, reason in cases:
        with pytest.raises(FormRefused, match=reason), sessions.begin() as session:
            save_unit(session, settings, form, ACTOR)
    with (
        pytest.raises(FormRefused, match="vòng lặp cấp trên: TM → NH → TM"),
        sessions.begin() as session,
    ):
        save_unit(session, settings, UnitForm("TM", "Huyện", "huyện", "NH"), ACTOR, "TM")
    # A village's households carry its team's 30% quota: they cannot be cleared.
    with pytest.raises(FormRefused, match="households: tổ CNCD_DongTao"), sessions.begin() as s:
        save_unit(s, settings, UnitForm("DT-1", "Thôn Đông Tảo", "thôn", "DT"), ACTOR, "DT-1")
    with pytest.raises(UnitError, match="already exists"), sessions.begin() as session:
        save_unit(session, settings, UnitForm("NH-1", "Thôn", "thôn", "DT"), ACTOR)
    taken = pytest.raises(UnitError, match="a unit with code NH already exists")
    with taken, sessions.begin() as session:
        save_unit(session, settings, UnitForm("NH", "Thôn", "thôn", "DT"), ACTOR, "DT-1")
    with sessions() as session:
        assert session.scalar(select(Unit.code).where(Unit.code == "DT-3")) is None
        assert session.scalars(select(AuditEntry)).all() == []


def test_removing_a_unit_something_depends_on_is_refused(  # type: ignore[no-untyped-def]
    sessions: sessionmaker[Session], settings
) -> None:
    with sessions.begin() as session:
        save_unit(session, settings, UnitForm("DT-2", "Thôn Hai", "thôn", "DT"), ACTOR)
        bind_chat(session, settings, "zalo", "zg-2", "Thôn Hai", ACTOR, unit="DT-2")
    for code, reason in [
        ("DT", "still has units under it: DT-1, DT-2"),
        ("DT-1", "still covered by teams: CNCD_DongTao_DoanTung"),
        ("DT-2", "still has chats bound to it: zalo zg-2"),
    ]:
        with pytest.raises(UnitError, match=reason), sessions.begin() as session:
            remove_unit(session, code, ACTOR)
    with sessions.begin() as session:
        unbind_chat(session, "zalo", "zg-2", ACTOR)
        team = session.scalars(select(Team).where(Team.code == "CNCD_NH")).one()
        unit = session.scalars(select(Unit).where(Unit.code == "DT-2")).one()
        task = session.scalars(select(Task)).one()
        task.assignments.append(TaskAssignment(team=team, via_unit=unit))
    with pytest.raises(UnitError, match="named by 1 task assignments"), sessions.begin() as s:
        remove_unit(s, "DT-2", ACTOR)
    with sessions() as session:
        assert session.scalar(select(Unit.code).where(Unit.code == "DT-2")) == "DT-2"


def test_edit_a_team_its_code_and_units(sessions: sessionmaker[Session], settings) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        units = split_codes("NH-1, NH-2")
        save_team(session, settings, "CNCD_HY", "Tổ liên thôn", units, ACTOR, "CNCD_HoiYen_NguHung")
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_HY")).one()
        assert [u.code for u in team.units] == ["NH-1", "NH-2"]
        share = session.scalars(
            select(Quota).where(Quota.team_id == team.id, Quota.target_kind == "share")
        ).one()
        assert share.resolved_target == 165  # 30% of 300 + 250 households
        assert [m.name for m in team.members] == ["Nguyễn Văn An", "Trần Thị Bình"]
    mixed = pytest.raises(FormRefused, match="units: các đơn vị của một tổ phải cùng cấp")
    with mixed, sessions.begin() as session:
        save_team(session, settings, "CNCD_HY", "Tổ", ["NH-1", "NH"], ACTOR, "CNCD_HY")
    taken = pytest.raises(UnitError, match="a team with code CNCD_NH already exists")
    with taken, sessions.begin() as session:
        save_team(session, settings, "CNCD_NH", "Tổ", ["NH-1"], ACTOR, "CNCD_HY")
    with sessions() as session:
        assert audit(session, "team") == [
            (ACTOR, "update", "CNCD_HY"),
            (ACTOR, "update", "CNCD_HY"),
        ]


def test_remove_a_team_with_its_members_quotas_and_open_tasks(  # type: ignore[no-untyped-def]
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        remove_team(session, "CNCD_PhuKhe_NguHung", ACTOR)
    with sessions() as session:
        assert session.scalar(select(Team).where(Team.code == "CNCD_PhuKhe_NguHung")) is None
        assert session.scalar(select(Member).where(Member.name == "Lê Văn Cường")) is None
        assert session.scalar(select(MemberAccount).where(MemberAccount.user_id == "1003")) is None
        assert len(session.scalars(select(Quota)).all()) == 4  # the other two village teams'
        assert len(session.scalars(select(Task)).one().assignments) == 2
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "team")).one()
        assert (entry.actor, entry.action, entry.entity_key) == (
            ACTOR,
            "delete",
            "CNCD_PhuKhe_NguHung",
        )
        assert [m["name"] for m in entry.before["members"]] == ["Lê Văn Cường"]
        assert {(q["indicator"], q["kind"], q["value"]) for q in entry.before["quotas"]} == {
            ("ttdt", "share", "30.00"),
            ("dvc", "count", "20.00"),
        }
        assert entry.before["open_tasks"] == ["ZALO1"]
        assert entry.before["units"] == ["NH-2"]


def test_a_team_that_reported_or_has_a_chat_is_not_removed(  # type: ignore[no-untyped-def]
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_DongTao_DoanTung")).one()
        indicator = session.scalars(select(Indicator).where(Indicator.code == "dvc")).one()
        when = datetime(2026, 11, 3, 2, tzinfo=UTC)
        session.add(
            ReportEntry(
                team=team,
                indicator=indicator,
                local_date=when.date(),
                value=4,
                sent_at=when,
                officer=ACTOR,
            )
        )
    for code, english, vietnamese in [
        (
            "CNCD_DongTao_DoanTung",
            "team CNCD_DongTao_DoanTung has 1 reported figures",
            "tổ CNCD_DongTao_DoanTung đã có 1 số liệu báo cáo",
        ),
        (
            "CNCD_HoiYen_NguHung",
            "still has chats bound to it: telegram -1001000000002",
            "vẫn có nhóm chat gắn vào: telegram -1001000000002",
        ),
    ]:
        with pytest.raises(UnitError, match=english) as refused, sessions.begin() as session:
            remove_team(session, code, ACTOR)
        assert vietnamese in refused.value.text("vi")
        with sessions() as session:
            assert session.scalar(select(Team.code).where(Team.code == code)) == code
            assert session.scalar(select(AuditEntry.id)) is None


def test_bind_move_and_unbind_a_chat(sessions: sessionmaker[Session], settings) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        # Telegram's bare supergroup id finds the chat bound as -100...: it moves, once.
        bind_chat(session, settings, "telegram", "1000000001", "Ngũ Hùng", ACTOR, team="CNCD_NH")
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_NH")).one()
        assert [c.chat_id for c in chats_bound_to(session, team_id=team.id)] == ["-1001000000001"]
        assert session.scalars(select(Chat).where(Chat.chat_id.like("%1000000001"))).all()
    with pytest.raises(FormRefused, match="phải gắn với đúng một"), sessions.begin() as session:
        bind_chat(session, settings, "zalo", "zg-9", "", ACTOR, unit="NH", team="CNCD_NH")
    with pytest.raises(UserError, match="no chat zalo zg-9"), sessions.begin() as session:
        unbind_chat(session, "zalo", "zg-9", ACTOR)
    with sessions.begin() as session:
        unbind_chat(session, "telegram", "1000000001", ACTOR)
    with sessions() as session:
        assert audit(session, "chat") == [
            (ACTOR, "update", "telegram:-1001000000001"),
            (ACTOR, "delete", "telegram:-1001000000001"),
        ]


def test_a_completion_keeps_the_earliest_time(sessions: sessionmaker[Session]) -> None:
    early = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
    late = datetime(2026, 11, 12, 3, 0, tzinfo=UTC)
    with sessions.begin() as session:
        assignment = session.scalars(select(TaskAssignment)).first()
        assert assignment is not None
        assert complete(assignment, late, "sau", 7)
        assert not complete(assignment, datetime(2026, 11, 13, tzinfo=UTC), "muộn hơn")
        assert complete(assignment, early, "trước", None)
        assert (assignment.done_at, assignment.note, assignment.message_id) == (
            early,
            "trước",
            None,
        )
        with pytest.raises(UserError, match="already done"):
            mark_done(session, "ZALO1", assignment.team.code, ACTOR, "lần nữa")
