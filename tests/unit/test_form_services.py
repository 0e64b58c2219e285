"""The officer's form services check a value themselves (no one-row import file): each rule
of the importers that a form can break is refused in one line naming the field, nothing is
written, and a change leaves one audit entry with before and after."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.chats import bind_chat
from tracker.config import Settings, load_settings
from tracker.forms import FormRefused
from tracker.store.models import AuditEntry, Chat, Quota, Team, Unit
from tracker.teams import save_team
from tracker.units import UnitForm, save_unit

ACTOR = "Cán bộ Biểu mẫu"


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    from tracker.store.engine import make_engine, session_factory

    factory = session_factory(make_engine(sqlite_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return load_settings(db_url=sqlite_url, environ={})


def entries(session: Session) -> list[tuple[str, str, str, object, object]]:
    rows = session.execute(
        select(
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.entity_key,
            AuditEntry.before,
            AuditEntry.after,
        ).order_by(AuditEntry.id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_unit_that_changes_level_must_fit_its_children_and_teams(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    form = UnitForm("NH", "Xã Ngũ Hùng", "phường", "HD", "900")
    with sessions.begin() as session:  # a commune moved straight under the province: fine
        save_unit(session, settings, form, ACTOR, "NH")
    with pytest.raises(FormRefused) as refused, sessions.begin() as session:
        save_unit(session, settings, replace(form, level="thôn", parent="DT"), ACTOR, "NH")
    assert str(refused.value) == (
        "level: không thể đổi thành thôn: NH-1 (thôn) trực thuộc; "
        "level: không thể đổi thành thôn: NH-2 (thôn) trực thuộc; "
        "level: không thể đổi cấp: tổ CNCD_NH phụ trách đơn vị này"
    )
    with sessions() as session:
        unit = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        assert (unit.level, unit.parent and unit.parent.code) == ("commune", "HD")
        assert [entry[:3] for entry in entries(session)] == [(ACTOR, "update", "NH")]


def test_households_changed_in_a_form_recompute_the_share_quota(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    form = UnitForm("NH-1", "Thôn Hội Yên", "thôn", "NH", "300")
    with sessions.begin() as session:
        save_unit(session, settings, form, ACTOR, "NH-1")  # nothing changed: no entry
        assert entries(session) == []
        save_unit(session, settings, replace(form, households="1.000"), ACTOR, "NH-1")
    with sessions() as session:
        share = session.scalars(select(Quota).where(Quota.target_kind == "share")).first()
        assert share is not None and share.team.code == "CNCD_HoiYen_NguHung"
        assert share.resolved_target == 300  # 30% of 1,000
        before = {"code": "NH-1", "name": "Thôn Hội Yên", "level": "village", "parent": "NH"}
        assert entries(session) == [
            (
                ACTOR,
                "update",
                "NH-1",
                before | {"households": 300},
                before | {"households": 1000},
            )
        ]


def test_team_form_rules(sessions: sessionmaker[Session], settings: Settings) -> None:
    few = replace(settings, member_caps={**settings.member_caps, "village": 1})
    cases = [
        (settings, ["NH-1", "XX"], "units: không có đơn vị mã XX"),
        (few, ["NH-1"], "units: tổ CNCD_NH cấp thôn tối đa 1 thành viên"),
        (settings, [], "units: không được để trống"),
    ]
    for rules, units, reason in cases:
        with pytest.raises(FormRefused, match=reason), sessions.begin() as session:
            save_team(session, rules, "CNCD_NH", "Tổ xã", units, ACTOR, "CNCD_NH")
    with sessions.begin() as session:  # a unit without households under a 30% quota
        session.add(Unit(code="NH-3", name="Thôn Ba", level="village", parent_id=None))
    needed = pytest.raises(FormRefused, match="units: tổ CNCD_HoiYen_NguHung có chỉ tiêu theo %")
    with needed, sessions.begin() as session:
        save_team(
            session, settings, "CNCD_HoiYen_NguHung", "Tổ", ["NH-3"], ACTOR, "CNCD_HoiYen_NguHung"
        )
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        assert [unit.code for unit in team.units] == ["NH-1"]
        assert entries(session) == []


def test_a_new_team_from_a_form(sessions: sessionmaker[Session], settings: Settings) -> None:
    with sessions.begin() as session:
        save_team(session, settings, " CNCD_DT ", " Tổ  xã Đoàn Tùng ", ["DT"], ACTOR)
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_DT")).one()
        assert (team.name, team.level, [u.code for u in team.units]) == (
            "Tổ xã Đoàn Tùng",
            "commune",
            ["DT"],
        )
        after = {"code": "CNCD_DT", "name": "Tổ xã Đoàn Tùng", "level": "commune", "units": ["DT"]}
        assert entries(session) == [(ACTOR, "create", "CNCD_DT", None, after)]


def test_chat_form_rules_and_a_new_binding(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    for channel, team, reason in [
        ("123", "CNCD_NH", "channel: 123 không phải tên kênh"),
        ("zalo", "NOPE", "team: không có tổ mã NOPE"),
        ("zalo", "", "unit: nhóm phải gắn với đúng một đơn vị hoặc một tổ"),
    ]:
        with pytest.raises(FormRefused, match=reason), sessions.begin() as session:
            bind_chat(session, settings, channel, "zg-7", "", ACTOR, team=team)
    with sessions.begin() as session:
        bind_chat(session, settings, "Zalo", " zg-7 ", "Nhóm  xã", ACTOR, team="CNCD_NH")
    with sessions() as session:
        chat = session.scalars(select(Chat).where(Chat.chat_id == "zg-7")).one()
        assert (chat.channel, chat.title, chat.team and chat.team.code) == (
            "zalo",
            "Nhóm xã",
            "CNCD_NH",
        )
        after = {
            "channel": "zalo",
            "chat_id": "zg-7",
            "title": "Nhóm xã",
            "unit": None,
            "team": "CNCD_NH",
        }
        assert entries(session) == [(ACTOR, "create", "zalo:zg-7", None, after)]
