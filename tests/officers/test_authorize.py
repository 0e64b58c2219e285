"""`authorize`: scope is the subtree of the officer's unit, a viewer writes nothing,
reorganising the map and managing accounts are an admin's, decisions need an editor."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.officers.acting import Acting, acting_officer
from tracker.officers.authorize import authorize, authorize_team
from tracker.officers.errors import NotAllowed
from tracker.officers.refusals import record_refusal
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import AuditEntry, Officer, Team, Unit


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(sqlite_url))
    with factory.begin() as session:
        build_world(session)
        unit = {u.code: u for u in session.scalars(select(Unit))}
        for login, code, role in [
            ("tinh", "HD", "admin"),
            ("so", "HD", "viewer"),
            ("xa_nh", "NH", "editor"),
            ("huyen", "TM", "admin"),
        ]:
            session.add(Officer(login=login, name=login, scope=unit[code], role=role))
    return factory


def _as(session: Session, login: str | None) -> Acting:
    return acting_officer(session, None, login=login)


def _unit(session: Session, code: str) -> int:
    return session.scalars(select(Unit.id).where(Unit.code == code)).one()


@pytest.mark.parametrize(
    ("login", "action", "code", "refusal"),
    [
        ("xa_nh", "write", "NH", None),
        ("xa_nh", "write", "NH-2", None),  # everything below the commune
        ("xa_nh", "decide", "NH-1", None),
        ("xa_nh", "write", "DT-1", "refused t: DT-1 is outside xa_nh's scope NH"),
        ("xa_nh", "write", "TM", "refused t: TM is outside xa_nh's scope NH"),  # above
        (
            "xa_nh",
            "reorganize",
            "NH",
            "refused t: only an admin may reorganise the map; xa_nh is editor",
        ),
        (
            "xa_nh",
            "accounts",
            "NH-1",
            "refused t: only an admin may manage officer accounts; xa_nh is editor",
        ),
        ("so", "write", "NH", "refused t: so is a viewer and changes nothing"),
        ("so", "decide", "HD", "refused t: so is a viewer and changes nothing"),
        ("tinh", "reorganize", "DT", None),
        ("huyen", "accounts", "NH", None),
        ("huyen", "reorganize", "DT", "refused t: DT is outside huyen's scope TM"),
        ("khach", "write", "NH", "refused t: user khach has no officer account, so may only read"),
        # "": the system could not tell the login (a container user with no passwd entry)
        ("", "write", "NH", "refused t: the system does not tell who runs the command"),
    ],
)
def test_who_may_do_what_where(
    sessions: sessionmaker[Session],
    login: str | None,
    action: str,
    code: str,
    refusal: str | None,
) -> None:
    with sessions() as session:
        who, unit = _as(session, login), _unit(session, code)
        if refusal is None:
            authorize(session, who, action, unit, what="t")
            return
        with pytest.raises(NotAllowed) as caught:
            authorize(session, who, action, unit, what="t")
    assert str(caught.value) == refusal
    assert "\n" not in caught.value.text("vi")


def test_the_whole_store_is_only_for_an_officer_at_the_top(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        authorize(session, _as(session, "tinh"), "write", None, what="import indicators")
        with pytest.raises(NotAllowed, match="applies to the whole store"):
            authorize(session, _as(session, "huyen"), "write", None, what="import indicators")


def test_a_team_is_in_scope_when_all_its_units_are(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_PhuKhe_NguHung")).one()
        authorize_team(session, _as(session, "xa_nh"), "write", team, what="team")
        team.units.append(session.scalars(select(Unit).where(Unit.code == "DT-1")).one())
        session.flush()
        with pytest.raises(NotAllowed, match="DT-1 is outside xa_nh's scope NH"):
            authorize_team(session, _as(session, "xa_nh"), "write", team, what="team")
        session.rollback()


def test_an_open_store_lets_everyone_write(sqlite_url: str) -> None:
    sessions = session_factory(make_engine(sqlite_url))
    with sessions.begin() as session:
        build_world(session)
    with sessions() as session:
        who = _as(session, "bat_ky_ai")
        assert who.open_store and who.actor == "cli (bat_ky_ai)"
        authorize(session, who, "reorganize", _unit(session, "DT"), what="t")


def test_a_refusal_is_audited_once_after_its_transaction_rolled_back(
    sessions: sessionmaker[Session],
) -> None:
    with pytest.raises(NotAllowed) as caught, sessions.begin() as session:
        session.add(AuditEntry(actor="xa_nh", action="update", entity="x", entity_key="lost"))
        authorize(
            session,
            _as(session, "xa_nh"),
            "decide",
            _unit(session, "DT"),
            what="monthly approve CNCD_DongTao_DoanTung",
            entity="monthly_report",
            key="CNCD_DongTao_DoanTung/2026-11",
        )
    record_refusal(sessions, caught.value)
    record_refusal(sessions, caught.value)  # a second boundary writes nothing more
    with sessions() as session:
        entries = session.scalars(select(AuditEntry)).all()
    assert [(e.actor, e.action, e.entity, e.entity_key, e.refused) for e in entries] == [
        ("xa_nh", "decide", "monthly_report", "CNCD_DongTao_DoanTung/2026-11", True)
    ]
    assert entries[0].after == {
        "refused": "monthly approve CNCD_DongTao_DoanTung",
        "reason": "refused monthly approve CNCD_DongTao_DoanTung: DT is outside xa_nh's scope NH",
    }


def test_another_name_is_an_admins_alone(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        admin = acting_officer(session, "sync-bot", login="tinh")
        assert admin.actor == "sync-bot (tinh)" and admin.role == "admin"
        assert acting_officer(session, "xa_nh", login="xa_nh").actor == "xa_nh"
        with pytest.raises(NotAllowed) as caught:
            acting_officer(session, "tinh", login="xa_nh")
    assert caught.value.text("vi") == (
        "từ chối --officer tinh: chỉ quản trị mới được ghi dưới tên khác (tinh); "
        "xa_nh là người nhập liệu"
    )
    assert caught.value.entry["refused"] is True
