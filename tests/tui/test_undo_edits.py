"""Pilot at 80×24: ctrl+z on the units screen undoes its last change (a team's name, a unit,
a member or a chat added), on the tasks screen an assignment marked done, each with an
`undo` audit entry and a notice; a team changed by someone else since is not undone (one
line, nothing changed); a viewer is offered no undo."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable

from tests.tui.conftest import OFFICER
from tests.tui.test_hierarchy_edit import (
    audit,
    column,
    cursor_code,
    open_hierarchy,
    press,
    text,
    tree_codes,
)
from tracker.config import load_settings
from tracker.store.models import Chat, Member, Task, TaskAssignment, Team, Unit
from tracker.teams import save_team
from tracker.undo import LastChange
from tui.commands import palette_commands
from tui.widgets.keys_help import key_rows

pytestmark = pytest.mark.anyio

TEAM, NAME = "CNCD_DongTao_DoanTung", "CNCĐ_Đông Tảo_Đoàn Tùng"


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [note.message for note in app._notifications]


def team_name(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        return session.scalars(select(Team.name).where(Team.code == TEAM)).one()


async def rename_team(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    """Thôn Đông Tảo's team, renamed through its form."""
    await press(pilot, "down", "tab", "t", "tab", "ctrl+a", "ctrl+k", *name, "enter")


async def test_a_team_name_is_undone(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hierarchy(pilot)
        await rename_team(pilot, "Tổ Đông Tảo")
        assert column(app, "#teams", 0) == ["Tổ Đông Tảo"]
        await press(pilot, "ctrl+z")
        assert column(app, "#teams", 0) == [NAME]
        assert notes(app)[-1] == f"Đã hoàn tác thay đổi cuối: {TEAM}"
        await press(pilot, "ctrl+z")  # the undo left nothing more to undo
        assert notes(app)[-1] == "Chưa có thay đổi nào để hoàn tác"
    assert team_name(sessions) == NAME
    assert audit(sessions, "team") == [(OFFICER, "update", TEAM), (OFFICER, "undo", TEAM)]


async def test_an_added_unit_then_an_added_member_are_removed(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hierarchy(pilot)
        await press(pilot, "a", *"DT-2", "tab", *"Thôn Tảo Dương", "enter")
        assert tree_codes(app) == ["HD", "DT", "DT-1", "DT-2", "TM"]
        await press(pilot, "ctrl+z")
        assert tree_codes(app) == ["HD", "DT", "DT-1", "TM"]
        assert cursor_code(app) == "DT"  # back on the unit it was added under
        await press(pilot, "down", "tab", "n", *"Người Thử", "enter")  # Thôn Đông Tảo's team
        assert column(app, "#members", 0) == ["Phạm Thị Dung", "Người Thử"]
        await press(pilot, "ctrl+z")
        assert column(app, "#members", 0) == ["Phạm Thị Dung"]
    with sessions() as session:
        assert session.scalar(select(Unit).where(Unit.code == "DT-2")) is None
        assert session.scalar(select(Member).where(Member.name == "Người Thử")) is None
    assert audit(sessions, "unit") == [(OFFICER, "create", "DT-2"), (OFFICER, "undo", "DT-2")]
    assert [action for _, action, _ in audit(sessions, "member")] == ["create", "undo"]


async def test_a_chat_bound_is_unbound(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hierarchy(pilot)
        await press(pilot, "down", "c", "tab", *"-1009", "tab", *"Thôn Đông Tảo", "enter")
        assert text(app, "#unit-info") == "DT-1 · thôn · 400 hộ · telegram -1009"
        await press(pilot, "ctrl+z")
        assert text(app, "#unit-info") == "DT-1 · thôn · 400 hộ"
        assert notes(app)[-1] == "Đã hoàn tác thay đổi cuối: telegram:-1009"
    with sessions() as session:
        assert session.scalar(select(Chat).where(Chat.chat_id == "-1009")) is None
    assert [action for _, action, _ in audit(sessions, "chat")] == ["create", "undo"]


async def test_an_assignment_marked_done_is_open_again(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    def states() -> list[str]:
        table = app.screen.query_one("#matrix", DataTable)
        return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "5")
        await press(pilot, "down", "x", *"da lap nhom", "enter")  # Hội Yên × ZALO1
        assert states()[1] == "xong muộn"
        await press(pilot, "ctrl+z")
        assert states()[1] == "quá hạn"
        assert notes(app)[-1] == "Đã hoàn tác thay đổi cuối: ZALO1/CNCD_HoiYen_NguHung"
    with sessions() as session:
        assignment = session.scalars(
            select(TaskAssignment)
            .join(Task)
            .join(Team)
            .where(Task.code == "ZALO1", Team.code == "CNCD_HoiYen_NguHung")
        ).one()
        assert (assignment.status, assignment.done_at, assignment.note) == ("open", None, None)
    assert [action for _, action, _ in audit(sessions, "task")] == ["done", "undo"]


async def test_a_team_changed_since_is_not_undone(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hierarchy(pilot)
        await rename_team(pilot, "Tổ Một")
        with sessions.begin() as session:  # another officer, through the service
            settings = load_settings(db_url=sqlite_url)
            save_team(session, settings, TEAM, "Tổ Hai", ["DT-1"], "Cán bộ Khác", TEAM)
        await press(pilot, "ctrl+z")
        assert notes(app)[-1] == (
            f"không hoàn tác được: tên của {TEAM} đã đổi thành Tổ Hai sau thay đổi này"
        )
    assert team_name(sessions) == "Tổ Hai"
    assert [action for _, action, _ in audit(sessions, "team")] == ["update", "update"]


async def test_a_viewer_is_offered_no_undo(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    """An editor is offered ctrl+z in `?` and the palette, a viewer not, and the key does
    nothing for a viewer even with a change to undo (which a viewer cannot make)."""
    for read_only, undone in ((False, "Tổ Cũ"), (True, "Tổ Khác")):
        app = make_app(language="en")
        app.ctx = replace(app.ctx, read_only=read_only)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_hierarchy(pilot)
            rows = {key: tip for key, _, tip in key_rows(app, [app.screen, app])}
            names = {command.name for command in palette_commands(app, app.screen)}
            if read_only:
                assert "^z" not in rows and "Undo" not in names
            else:
                assert rows["^z"].startswith("Undo this screen's last change to a unit, team")
                assert "Undo" in names
            now = team_name(sessions)
            app.screen.last_edit = LastChange("team", TEAM, {"name": undone}, {"name": now})
            await press(pilot, "ctrl+z")
    assert team_name(sessions) == "Tổ Cũ"
    assert [action for _, action, _ in audit(sessions, "team")] == ["undo"]
