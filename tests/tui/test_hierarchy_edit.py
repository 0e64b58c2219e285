"""Pilot: units, teams, chats and members' channel ids edited from the hierarchy screen."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Input, Label, Tree

from tests.tui.conftest import OFFICER, settle
from tracker.store.models import AuditEntry, Chat, Member, Quota, Team, Unit
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio


def tree_codes(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The codes of the units shown, top to bottom, as the tree has them open."""
    tree = app.screen.query_one(Tree)
    return [tree.get_node_at_line(n).data.code for n in range(tree.last_line + 1)]


def cursor_code(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(Tree).cursor_node.data.code)


def column(app, table: str, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    found = app.screen.query_one(table, DataTable)
    return [str(found.get_row_at(row)[n]) for row in range(found.row_count)]


def text(app, widget: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(widget, Label).render())


def error(app) -> str:  # type: ignore[no-untyped-def]
    """The refusals the open form shows: `field: text` under a field, else the text alone.
    The form stays open (Escape closes it)."""
    assert isinstance(app.screen, FormDialog)
    shown = []
    for label in app.screen.query(".field-problem"):
        said = str(label.render())
        if said:
            shown.append(f"{label.id.removesuffix('-problem')}: {said}")
    shown.append(str(app.screen.query_one("#problem", Label).render()))
    return "\n".join(shown)


def field(app, name: str) -> str:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, FormDialog)
    return app.screen.query_one(f"#{name}", Input).value


def audit(sessions: sessionmaker[Session], entity: str) -> list[tuple[str, str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_key)
            .where(AuditEntry.entity == entity)
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*keys)
    await settle(pilot)


async def open_hierarchy(pilot) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "2")
    await press(pilot, "down", "enter")  # Xã Đoàn Tùng, opened: Thôn Đông Tảo below it
    await settle(pilot)


async def test_add_a_village_then_refusals_then_remove_it(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hierarchy(pilot)
        assert cursor_code(app) == "DT"
        await press(pilot, "a")
        assert (field(app, "level"), field(app, "parent")) == ("thôn", "DT")
        await press(pilot, *"DT-2", "tab", *"Thôn Tảo Dương", "tab", "tab", "tab", *"350")
        await press(pilot, "enter")
        assert tree_codes(app) == ["HD", "DT", "DT-1", "DT-2", "TM"]
        assert cursor_code(app) == "DT-2"
        assert text(app, "#unit-info") == "DT-2 · thôn · 350 hộ"
        await press(pilot, "up", "up", "a", *"DT-3", "tab", *"Thôn Ba", "tab", "ctrl+a", "ctrl+k")
        await press(pilot, *"huyện", "enter")  # a district cannot sit under a commune
        assert "level: huyện không thể trực thuộc xã DT" in error(app)
        await press(pilot, "escape", "a", *"DT-1", "tab", *"Thôn Trùng", "enter")
        assert "đã có đơn vị mã DT-1" in error(app)
        await press(pilot, "escape", "x", "enter")  # remove DT, which still has villages
        assert "đơn vị DT vẫn còn đơn vị trực thuộc: DT-1, DT-2" in error(app)
        await press(pilot, "escape", "down", "x", "enter")  # DT-1: Đông Tảo's team covers it
        assert "đơn vị DT-1 vẫn có tổ phụ trách: CNCD_DongTao_DoanTung" in error(app)
        await press(pilot, "escape", "down", "x", "enter")  # DT-2: nothing depends on it
        assert tree_codes(app) == ["HD", "DT", "DT-1", "TM"]
    with sessions() as session:
        assert session.scalars(select(Unit).where(Unit.code.in_(["DT-2", "DT-3"]))).all() == []
    assert audit(sessions, "unit") == [(OFFICER, "create", "DT-2"), (OFFICER, "delete", "DT-2")]


async def test_edit_a_village_code_and_households_recomputes_shares(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hierarchy(pilot)
        await press(pilot, "down", "e")  # Thôn Đông Tảo
        assert [field(app, n) for n in ("code", "level", "parent", "households")] == [
            "DT-1",
            "thôn",
            "DT",
            "400",
        ]
        await press(pilot, "ctrl+a", "ctrl+k", *"DT-01", "tab", "tab", "tab", "tab")
        await press(pilot, "ctrl+a", "ctrl+k", *"450", "enter")
        assert tree_codes(app) == ["HD", "DT", "DT-01", "TM"]
        assert str(app.screen.query_one(Tree).cursor_node.label) == "Thôn Đông Tảo"
        assert text(app, "#unit-info") == "DT-01 · thôn · 450 hộ"
        assert column(app, "#teams", 1) == ["CNCD_DongTao_DoanTung"]
    with sessions() as session:
        unit = session.scalars(select(Unit).where(Unit.code == "DT-01")).one()
        assert unit.households == 450
        share = session.scalars(
            select(Quota)
            .join(Team)
            .where(Team.code == "CNCD_DongTao_DoanTung", Quota.target_kind == "share")
        ).one()
        assert share.resolved_target == 135  # 30% of 450
    assert audit(sessions, "unit") == [(OFFICER, "update", "DT-01"), (OFFICER, "update", "DT-01")]


async def test_add_and_edit_a_team(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hierarchy(pilot)
        await press(pilot, "o")  # a new team for the commune Đoàn Tùng itself
        assert field(app, "units") == "DT"
        await press(pilot, *"CNCD_DT", "tab", *"Tổ CNSCĐ xã Đoàn Tùng", "enter")
        assert column(app, "#teams", 1) == ["CNCD_DT"]
        assert column(app, "#teams", 3) == ["xã"]
        await press(pilot, "down")  # Thôn Đông Tảo
        await press(pilot, "tab", "t")
        assert field(app, "units") == "DT-1"
        await press(pilot, "ctrl+a", "ctrl+k", *"CNCD_NH", "enter")  # a code already taken
        assert "đã có tổ mã CNCD_NH" in error(app)
        await press(pilot, "escape", "t", "ctrl+a", "ctrl+k", *"CNCD_DT1", "tab")
        await press(pilot, "ctrl+a", "ctrl+k", *"Tổ Đông Tảo", "enter")
        assert column(app, "#teams", 1) == ["CNCD_DT1"]
        assert column(app, "#teams", 0) == ["Tổ Đông Tảo"]
        assert text(app, "#members-title") == "Thành viên: Tổ Đông Tảo"
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_DT1")).one()
        assert team.name == "Tổ Đông Tảo" and [u.code for u in team.units] == ["DT-1"]
        assert [m.name for m in team.members] == ["Phạm Thị Dung"]
    assert audit(sessions, "team") == [
        (OFFICER, "create", "CNCD_DT"),
        (OFFICER, "update", "CNCD_DT1"),  # the code
        (OFFICER, "update", "CNCD_DT1"),  # the name
    ]


async def test_remove_a_team_but_not_one_that_has_reported(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hierarchy(pilot)
        await press(pilot, "o", *"CNCD_DT", "tab", *"Tổ nhập nhầm", "enter")
        await press(pilot, "tab", "n", *"Người Thử", "enter")  # a member, to go with it
        assert column(app, "#members", 0) == ["Người Thử"]
        await press(pilot, "shift+tab", "X")
        assert "Tổ nhập nhầm (CNCD_DT)" in str(app.screen.query_one("#heading", Label).render())
        await press(pilot, "enter")
        assert column(app, "#teams", 1) == []
        assert column(app, "#members", 0) == []
        # The emptied table lost the focus to the tree: on to Thôn Đông Tảo's team.
        await press(pilot, "down", "tab", "X", "enter")
        assert "tổ CNCD_DongTao_DoanTung đã có 1 số liệu báo cáo" in error(app)
        await press(pilot, "escape")
        assert column(app, "#teams", 1) == ["CNCD_DongTao_DoanTung"]
    with sessions() as session:
        assert session.scalar(select(Team).where(Team.code == "CNCD_DT")) is None
        assert session.scalar(select(Member).where(Member.name == "Người Thử")) is None
    assert audit(sessions, "team") == [
        (OFFICER, "create", "CNCD_DT"),
        (OFFICER, "delete", "CNCD_DT"),
    ]


async def test_bind_and_unbind_chats(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hierarchy(pilot)
        assert text(app, "#unit-info") == "DT · xã · 700 hộ · zalo zg-1"
        await press(pilot, "down", "c")  # the tree has the focus: bind to Thôn Đông Tảo
        assert "đơn vị Thôn Đông Tảo" in str(app.screen.query_one("#heading", Label).render())
        await press(pilot, "ctrl+a", "ctrl+k", *"123", "tab", *"-1009", "enter")
        assert "channel: 123 không phải tên kênh" in error(app)
        await press(pilot, "escape", "c", "tab", *"-1009", "tab", *"Thôn Đông Tảo", "enter")
        assert text(app, "#unit-info") == "DT-1 · thôn · 400 hộ · telegram -1009"
        await press(pilot, "tab", "c")  # the teams table has the focus: bind to the team
        await press(pilot, "ctrl+a", "ctrl+k", *"zalo_oa", "tab", *"group:77", "tab")
        await press(pilot, *"Nhóm tổ Đông Tảo", "enter")
        assert text(app, "#members-title").endswith("· zalo_oa Nhóm tổ Đông Tảo")
        await press(pilot, "k")
        assert (field(app, "channel"), field(app, "chat_id")) == ("zalo_oa", "group:77")
        await press(pilot, "enter")
        assert text(app, "#members-title") == "Thành viên: CNCĐ_Đông Tảo_Đoàn Tùng"
    with sessions() as session:
        chat = session.scalars(select(Chat).where(Chat.chat_id == "-1009")).one()
        assert chat.unit is not None and chat.unit.code == "DT-1" and chat.team is None
        assert session.scalars(select(Chat).where(Chat.chat_id == "group:77")).all() == []
    assert audit(sessions, "chat") == [
        (OFFICER, "create", "telegram:-1009"),
        (OFFICER, "create", "zalo_oa:group:77"),
        (OFFICER, "delete", "zalo_oa:group:77"),
    ]


async def test_a_member_gets_an_id_on_every_channel(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hierarchy(pilot)
        await press(pilot, "down", "n")
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        ids = [f.name for f in dialog.fields if f.name.startswith("account-")]
        assert ids == ["account-telegram", "account-zalo", "account-zalo_oa"]
        await press(pilot, *"Vu Van Giang", "tab", "tab", "tab", "tab", *"2002", "tab")
        await press(pilot, *"z2002", "tab", *"oa-2002", "enter")
        assert column(app, "#members", 2)[-1] == "telegram 2002 / zalo z2002 / zalo_oa oa-2002"
        await press(pilot, "tab", "tab", "down", "m")  # edit him: a Telegram id is digits
        assert field(app, "account-zalo_oa") == "oa-2002"
        await press(pilot, "tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k", *"abc", "enter")
        assert "'abc' không phải mã người dùng telegram" in error(app)
        await press(pilot, "escape", "m", "tab", "tab", "tab", "tab", "tab", "tab")
        await press(pilot, "ctrl+a", "ctrl+k", "enter")  # the OA id cleared
        assert column(app, "#members", 2)[-1] == "telegram 2002 / zalo z2002"
    with sessions() as session:
        member = session.scalars(select(Member).where(Member.name == "Vu Van Giang")).one()
        assert {a.channel: a.user_id for a in member.accounts} == {
            "telegram": "2002",
            "zalo": "z2002",
        }
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "member").order_by(AuditEntry.id)
        ).all()
        assert [(e.actor, e.action) for e in entries] == [(OFFICER, "create"), (OFFICER, "update")]
        assert entries[0].after is not None
        assert entries[0].after["accounts"]["zalo_oa"] == "oa-2002"
        assert entries[1].after is not None and "zalo_oa" not in entries[1].after["accounts"]
