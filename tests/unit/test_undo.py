"""Undoing a screen's last change (tracker.undo), on each store: an edit, an add and a
removal of a unit, a team, a member or a chat binding come back as they were, through the
services, and an assignment marked done is open again, with `undo` audit entries of their
own beside the change's; an item changed since, or one something now hangs on, is
refused in one line and nothing is undone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker import audit
from tracker.chats import bind_chat, chat_snapshot, find_chat, unbind_chat
from tracker.config import Settings, load_settings
from tracker.maps.lookup import unit_by_code
from tracker.members import MemberForm, add_member, edit_member, member_snapshot, remove_member
from tracker.store.models import AuditEntry, Member, Task, TaskAssignment, Team
from tracker.tasks import add_task, complete, mark_done
from tracker.teams import form_snapshot, remove_team, save_team
from tracker.undo import LastChange, UndoRefused, last_change, undo_change
from tracker.units import UnitForm, remove_unit, save_unit, snapshot

ACTOR, OTHER = "Cán bộ Sửa", "Cán bộ Khác"
TEAM = "CNCD_DongTao_DoanTung"


@pytest.fixture
def sessions(db_url: str) -> sessionmaker[Session]:
    from tracker.store.engine import make_engine, session_factory

    factory = session_factory(make_engine(db_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


@pytest.fixture
def settings(db_url: str) -> Settings:
    return load_settings(db_url=db_url, environ={})


def change(sessions: sessionmaker[Session], write: Callable[[Session], Any]) -> LastChange:
    """Make a change as the units screen does, keeping what it recorded."""
    with sessions.begin() as session, audit.watched(session) as changes:
        write(session)
    found = last_change(changes)
    assert found is not None
    return found


def undo(sessions: sessionmaker[Session], settings: Settings, made: LastChange) -> str:
    with sessions.begin() as session:
        return undo_change(session, settings, made, ACTOR, "vi")


def refused(sessions: sessionmaker[Session], settings: Settings, made: LastChange) -> str:
    with pytest.raises(UndoRefused) as caught, sessions.begin() as session:
        undo_change(session, settings, made, ACTOR, "vi")
    return caught.value.text("vi")


def actions(sessions: sessionmaker[Session], entity: str) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.entity_key)
            .where(AuditEntry.entity == entity, AuditEntry.refused.is_(False))
            .order_by(AuditEntry.id)
        )
        return [(action, key) for action, key in rows]


def unit_state(sessions: sessionmaker[Session], code: str) -> dict[str, Any] | None:
    with sessions() as session:
        unit = unit_by_code(session, code)
        return None if unit is None else snapshot(unit)


def team_state(sessions: sessionmaker[Session], code: str) -> dict[str, Any] | None:
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == code)).first()
        return None if team is None else form_snapshot(team)


def member_state(sessions: sessionmaker[Session], name: str) -> dict[str, Any] | None:
    with sessions() as session:
        member = session.scalars(select(Member).where(Member.name == name)).first()
        return None if member is None else member_snapshot(member)


def member_id(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as session:
        return session.scalars(select(Member.id).where(Member.name == name)).one()


def test_a_unit_edit_with_a_new_code_is_undone(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    was = unit_state(sessions, "DT-1")
    form = UnitForm("DT-01", "Thôn Đông Tảo mới", "thôn", "DT", "450")
    made = change(sessions, lambda s: save_unit(s, settings, form, ACTOR, "DT-1"))
    assert (made.entity, made.key, made.before, made.after and made.after["code"]) == (
        "unit",
        "DT-01",
        was,
        "DT-01",
    )
    assert undo(sessions, settings, made) == "DT-01"
    assert unit_state(sessions, "DT-1") == was
    assert unit_state(sessions, "DT-01") is None
    # The change stays in the log; its undo has entries of its own, the code first.
    assert actions(sessions, "unit") == [
        ("update", "DT-01"),
        ("update", "DT-01"),
        ("undo", "DT-1"),
        ("undo", "DT-1"),
    ]


def test_what_was_added_is_removed(sessions: sessionmaker[Session], settings: Settings) -> None:
    form = UnitForm("DT-2", "Thôn Hai", "thôn", "DT", "120")
    added = [
        change(sessions, lambda s: save_unit(s, settings, form, ACTOR)),
        change(sessions, lambda s: save_team(s, settings, "CNCD_DT", "Tổ xã", ["DT"], ACTOR)),
        change(sessions, lambda s: add_member(s, TEAM, MemberForm("Người Mới"), {}, ACTOR)),
        change(
            sessions,
            lambda s: bind_chat(s, settings, "telegram", "-1009", "", ACTOR, unit="DT-1"),
        ),
    ]
    assert [(made.entity, made.before) for made in added] == [
        ("unit", None),
        ("team", None),
        ("member", None),
        ("chat", None),
    ]
    for made in reversed(added):
        undo(sessions, settings, made)
    assert unit_state(sessions, "DT-2") is None
    assert team_state(sessions, "CNCD_DT") is None
    assert member_state(sessions, "Người Mới") is None
    with sessions() as session:
        assert find_chat(session, "telegram", "-1009") is None
    assert actions(sessions, "member") == [
        ("create", f"{TEAM}/Người Mới"),
        ("undo", f"{TEAM}/Người Mới"),
    ]
    assert actions(sessions, "unit") == [("create", "DT-2"), ("undo", "DT-2")]


def test_a_team_edit_is_undone(sessions: sessionmaker[Session], settings: Settings) -> None:
    was = team_state(sessions, TEAM)
    made = change(
        sessions, lambda s: save_team(s, settings, TEAM, "Tổ Đông Tảo", ["DT-1"], ACTOR, TEAM)
    )
    assert team_state(sessions, TEAM) != was
    undo(sessions, settings, made)
    assert team_state(sessions, TEAM) == was
    assert actions(sessions, "team") == [("update", TEAM), ("undo", TEAM)]


def test_a_member_edit_and_a_removal_are_undone(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    was = member_state(sessions, "Phạm Thị Dung")
    assert was is not None and was["accounts"]
    ident = member_id(sessions, "Phạm Thị Dung")
    form = MemberForm("Phạm Thị Dung", "member", "Đoàn TN", "0987654321", {"zalo_oa": "oa-1"})
    made = change(sessions, lambda s: edit_member(s, ident, form, ACTOR))
    undo(sessions, settings, made)
    assert member_state(sessions, "Phạm Thị Dung") == was  # the OA id it gained is gone

    removed = change(sessions, lambda s: remove_member(s, ident, ACTOR))
    assert member_state(sessions, "Phạm Thị Dung") is None
    undo(sessions, settings, removed)
    assert member_state(sessions, "Phạm Thị Dung") == was
    assert [action for action, _ in actions(sessions, "member")] == [
        "update",
        "undo",
        "delete",
        "undo",
    ]


def test_a_chat_unbound_or_moved_is_bound_back(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        chat = bind_chat(session, settings, "telegram", "-1009", "Nhóm", ACTOR, unit="DT-1")
        was = chat_snapshot(chat)
    moved = change(
        sessions, lambda s: bind_chat(s, settings, "telegram", "-1009", "", ACTOR, team=TEAM)
    )
    undo(sessions, settings, moved)
    unbound = change(sessions, lambda s: unbind_chat(s, "telegram", "-1009", ACTOR))
    undo(sessions, settings, unbound)
    with sessions() as session:
        back = find_chat(session, "telegram", "-1009")
        assert back is not None and chat_snapshot(back) == was
    assert [action for action, _ in actions(sessions, "chat")] == [
        "create",
        "update",
        "undo",
        "delete",
        "undo",
    ]


def test_an_item_changed_since_is_not_undone(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    made = change(sessions, lambda s: save_team(s, settings, TEAM, "Tổ Một", ["DT-1"], ACTOR, TEAM))
    with sessions.begin() as session:  # someone else, through the service, in between
        save_team(session, settings, TEAM, "Tổ Hai", ["DT-1"], OTHER, TEAM)
    assert refused(sessions, settings, made) == (
        f"không hoàn tác được: tên của {TEAM} đã đổi thành Tổ Hai sau thay đổi này"
    )
    assert team_state(sessions, TEAM) == {
        "code": TEAM,
        "name": "Tổ Hai",
        "level": "village",
        "units": ["DT-1"],
    }
    assert [action for action, _ in actions(sessions, "team")] == ["update", "update"]

    # A unit removed whose code was taken again meanwhile stays as it is now.
    form = UnitForm("DT-2", "Thôn Hai", "thôn", "DT")
    with sessions.begin() as session:
        save_unit(session, settings, form, ACTOR)
    removed = change(sessions, lambda s: remove_unit(s, "DT-2", ACTOR))
    with sessions.begin() as session:
        save_unit(session, settings, form, OTHER)
    assert refused(sessions, settings, removed) == (
        "không hoàn tác được: DT-2 đã có lại sau thay đổi này"
    )


def test_an_added_team_with_members_or_a_removed_team_is_not_undone(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    added = change(sessions, lambda s: save_team(s, settings, "CNCD_DT", "Tổ", ["DT"], ACTOR))
    with sessions.begin() as session:
        add_member(session, "CNCD_DT", MemberForm("Người Thử"), {}, ACTOR)
    assert refused(sessions, settings, added) == (
        "không hoàn tác được: tổ CNCD_DT đã có 1 thành viên"
    )
    assert team_state(sessions, "CNCD_DT") is not None
    removed = change(sessions, lambda s: remove_team(s, "CNCD_DT", ACTOR))
    assert refused(sessions, settings, removed).startswith(
        "không hoàn tác được việc xoá tổ CNCD_DT"
    )
    assert team_state(sessions, "CNCD_DT") is None
    assert "undo" not in [action for action, _ in actions(sessions, "team")]


def test_a_save_that_changed_nothing_leaves_nothing_to_undo(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    same = team_state(sessions, TEAM)
    assert same is not None
    with sessions.begin() as session, audit.watched(session) as changes:
        save_team(session, settings, TEAM, same["name"], same["units"], ACTOR, TEAM)
    assert changes == []
    assert last_change(changes) is None


def assignment_state(sessions: sessionmaker[Session]) -> tuple[str, bool, str | None]:
    with sessions() as session:
        found = session.scalars(
            select(TaskAssignment)
            .join(Task)
            .join(Team)
            .where(Task.code == "ZALO1", Team.code == "CNCD_HoiYen_NguHung")
        ).one()
        return found.status, found.done_at is not None, found.note


def test_an_assignment_marked_done_is_open_again_unless_done_since(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    done = change(sessions, lambda s: mark_done(s, "ZALO1", "CNCD_HoiYen_NguHung", ACTOR, "ok"))
    assert assignment_state(sessions) == ("done", True, "ok")
    undo(sessions, settings, done)
    assert assignment_state(sessions) == ("open", False, None)
    assert [action for action, _ in actions(sessions, "task")] == ["done", "undo"]

    done = change(sessions, lambda s: mark_done(s, "ZALO1", "CNCD_HoiYen_NguHung", ACTOR, "ok"))
    with sessions.begin() as session:  # the team's earlier /xong from chat arrives
        assignment = session.scalars(
            select(TaskAssignment).join(Team).where(Team.code == "CNCD_HoiYen_NguHung")
        ).first()
        assert assignment is not None and assignment.done_at is not None
        complete(assignment, assignment.done_at.replace(year=2026, month=11, day=1), "xong")
    assert refused(sessions, settings, done).startswith(
        "không hoàn tác được: thời điểm hoàn thành của ZALO1/CNCD_HoiYen_NguHung đã đổi thành "
        "2026-11-01"
    )
    assert assignment_state(sessions) == ("done", True, "xong")


def test_a_new_task_is_not_undone(sessions: sessionmaker[Session], settings: Settings) -> None:
    from datetime import date

    made = change(
        sessions,
        lambda s: add_task(s, "TAP2", "Tập huấn", date(2026, 12, 5), ["CNCD_NH"], ACTOR),
    )
    assert refused(sessions, settings, made) == (
        "không hoàn tác được việc giao nhiệm vụ TAP2: thông báo đã xếp gửi cho các tổ"
    )
