"""Adding, editing and removing members: the cap, one leader, roles, and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.config import DEFAULT_MEMBER_CAPS
from tracker.members import MemberError, MemberForm, add_member, edit_member, remove_member
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import AuditEntry, Member

TEAM = "CNCD_DongTao_DoanTung"  # a village team with one member, its leader


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(sqlite_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


def test_add_up_to_the_cap_then_refuse(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        for n in range(6):
            add_member(session, TEAM, MemberForm(f"Người {n}"), DEFAULT_MEMBER_CAPS, "Cán bộ")
        with pytest.raises(MemberError, match=r"already has 7 members.*\(7\)"):
            add_member(session, TEAM, MemberForm("Người 7"), DEFAULT_MEMBER_CAPS, "Cán bộ")
    with sessions() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "member")).all()
        assert len(audit) == 6 and {a.actor for a in audit} == {"Cán bộ"}


def test_one_leader_and_known_roles(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        with pytest.raises(MemberError, match="already has a leader: Phạm Thị Dung"):
            add_member(session, TEAM, MemberForm("Bà Hoa", "tổ trưởng"), {}, "Cán bộ")
        with pytest.raises(MemberError, match="not a role"):
            add_member(session, TEAM, MemberForm("Bà Hoa", "thủ quỹ"), {}, "Cán bộ")
        with pytest.raises(MemberError, match="already has a member named"):
            add_member(session, TEAM, MemberForm("Phạm  Thị Dung"), {}, "Cán bộ")
        added = add_member(
            session, TEAM, MemberForm("Bà Hoa", "tổ phó", accounts={"telegram": "42"}), {}, "x"
        )
        assert (added.role, added.account("telegram")) == ("deputy", "42")


def test_edit_and_remove_are_audited(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        dung = session.scalars(select(Member).where(Member.name == "Phạm Thị Dung")).one()
        edit_member(session, dung.id, MemberForm("Phạm Thị Dung", "deputy", "Hội LHPN"), "A")
        hoa = add_member(session, TEAM, MemberForm("Bà Hoa", "leader"), {}, "A")
        remove_member(session, hoa.id, "B")
        with pytest.raises(MemberError, match="no member"):
            remove_member(session, 99999, "B")
    with sessions() as session:
        actions = session.execute(
            select(AuditEntry.action, AuditEntry.actor, AuditEntry.before)
            .where(AuditEntry.entity == "member")
            .order_by(AuditEntry.id)
        ).all()
        assert [(a, who) for a, who, _ in actions] == [
            ("update", "A"),
            ("create", "A"),
            ("delete", "B"),
        ]
        assert actions[0][2]["role"] == "leader"
        dung = session.scalars(select(Member).where(Member.name == "Phạm Thị Dung")).one()
        assert (dung.role, dung.organization) == ("deputy", "Hội LHPN")


def test_accounts_on_any_channel_are_checked_by_its_adapter(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        accounts = {"telegram": "42", "zalo": "z42"}
        hoa = add_member(session, TEAM, MemberForm("Bà Hoa", accounts=accounts), {}, "A")
        with pytest.raises(MemberError, match=r"'abc'.*telegram"):
            edit_member(session, hoa.id, MemberForm("Bà Hoa", accounts={"telegram": "abc"}), "A")
    with sessions.begin() as session:
        # A channel the form leaves out is kept; an empty id removes the account.
        hoa = session.scalars(select(Member).where(Member.name == "Bà Hoa")).one()
        edit_member(session, hoa.id, MemberForm("Bà Hoa", accounts={"zalo": ""}), "A")
    with sessions() as session:
        hoa = session.scalars(select(Member).where(Member.name == "Bà Hoa")).one()
        assert {a.channel: a.user_id for a in hoa.accounts} == {"telegram": "42"}
