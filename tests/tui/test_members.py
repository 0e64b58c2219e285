"""Pilot: a team's members added, refused past the cap, edited and removed from the keyboard."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Label

from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, Member, Team
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio
TEAM = "CNCD_DongTao_DoanTung"  # a village team (cap 7) with one member


def names(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#members", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def open_dong_tao(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("down", "enter", "down")  # Xã Đoàn Tùng > Thôn Đông Tảo
    await settle(pilot)
    await settle(pilot)


async def test_add_a_member_beyond_the_cap_and_the_refusal_is_shown(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        team = session.scalars(select(Team).where(Team.code == TEAM)).one()
        session.add_all(Member(team=team, name=f"Thành viên {n}") for n in range(5))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        assert len(names(app)) == 6
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Vu Van Giang", "enter")  # the seventh: allowed
        await settle(pilot)
        assert names(app)[-1] == "Vu Van Giang"
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Do Thi Hanh", "enter")  # the eighth: refused
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # still open, as typed
        message = str(app.screen.query_one("#problem", Label).render())
        assert "đã có 7 thành viên, tối đa của tổ cấp thôn là 7" in message
        await pilot.press("escape")
        await settle(pilot)
        assert len(names(app)) == 7
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == TEAM)).one()
        assert len(team.members) == 7
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "member")).one()
        assert (audit.actor, audit.action) == (OFFICER, "create")


async def test_edit_then_remove_a_member(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Bui Van Khoa", "tab", "ctrl+a", "ctrl+k", *"to pho", "enter")
        await settle(pilot)
        assert names(app) == ["Phạm Thị Dung", "Bui Van Khoa"]
        await pilot.press("tab", "tab", "down")  # tree -> teams -> members, second row
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"to truong", "enter")  # a second leader
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert "đã có tổ trưởng" in str(app.screen.query_one("#role-problem", Label).render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert names(app) == ["Phạm Thị Dung"]
    with sessions() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "member").order_by(AuditEntry.id)
        ).all()
        assert actions == ["create", "delete"]
        deputy = session.scalars(select(AuditEntry).where(AuditEntry.action == "create")).one()
        assert deputy.after is not None and deputy.after["role"] == "deputy"
