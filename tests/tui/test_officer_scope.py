"""The terminal UI of a commune editor: it opens on that commune, the header says who is
working, and the scope picker offers only the commune's own subtree."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import Label

from tests.tui.conftest import TODAY, settle
from tracker.config import load_settings
from tracker.officers.acting import acting_officer
from tracker.officers.scope import OutsideScope, starting_scope
from tracker.store.models import Officer, Unit
from tui.app import TrackerApp
from tui.context import TuiContext
from tui.screens.scope import ScopePicker
from tui.widgets.unit_tree import UnitTree


def _editor_of_ngu_hung(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        commune = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        session.add_all(
            [
                Officer(login="tinh", name="Trần Thị Hoa", scope=province, role="admin"),
                Officer(login="xa_nh", name="Lê Văn Nam", scope=commune, role="editor"),
            ]
        )


def _app_of(sessions: sessionmaker[Session], sqlite_url: str, login: str) -> TrackerApp:
    with sessions() as session:
        who = acting_officer(session, None, login=login)
        scope = starting_scope(session, who, None)
    assert scope is not None
    settings = load_settings(db_url=sqlite_url)
    ctx = TuiContext(sessions, settings, who.actor, scope, "vi", lambda: TODAY, who.account)
    return TrackerApp(ctx)


@pytest.mark.anyio
async def test_a_commune_editor_opens_on_the_commune_and_picks_only_inside_it(
    sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    _editor_of_ngu_hung(sessions)
    app = _app_of(sessions, sqlite_url, "xa_nh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.ctx.scope == "NH"
        assert "Lê Văn Nam (xa_nh) · người nhập liệu · NH" in app.title
        assert "Xã Ngũ Hùng" in str(app.screen.query_one("#dash-header", Label).render())

        await pilot.press("s")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ScopePicker)
        tree = picker.query_one(UnitTree)
        for node in list(tree.root.children):
            node.expand()
        await settle(pilot)
        shown = set()
        stack = list(tree.root.children)
        while stack:
            node = stack.pop()
            assert node.data is not None
            shown.add(node.data.code)
            stack.extend(node.children)
        assert shown == {"NH", "NH-1", "NH-2"}  # not DT, the neighbour, nor HD above


@pytest.mark.anyio
async def test_the_province_admin_picks_anywhere(
    sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    _editor_of_ngu_hung(sessions)
    app = _app_of(sessions, sqlite_url, "tinh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.ctx.scope == "HD"
        await pilot.press("s")
        await settle(pilot)
        tree = app.screen.query_one(UnitTree)
        codes = {node.data.code for node in tree.root.children if node.data is not None}
        assert codes == {"HD"}
        top = tree.root.children[0]
        assert {n.data.code for n in top.children if n.data is not None} == {"TM", "DT"}


def test_an_editor_cannot_open_on_the_neighbouring_commune(
    sessions: sessionmaker[Session],
) -> None:
    _editor_of_ngu_hung(sessions)
    with sessions() as session:
        who = acting_officer(session, None, login="xa_nh")
        with pytest.raises(OutsideScope, match="DT is outside xa_nh's scope NH"):
            starting_scope(session, who, "DT")


@pytest.mark.anyio
async def test_the_audit_log_screen_names_the_account_and_its_refused_attempt(
    sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    from textual.widgets import DataTable

    from tracker.store.models import AuditEntry

    _editor_of_ngu_hung(sessions)
    with sessions.begin() as session:
        session.add_all(
            [
                AuditEntry(
                    actor="xa_nh",
                    action="update",
                    entity="quota",
                    entity_key="CNCD_HoiYen_NguHung/ttdt/2026-11",
                    before={"target": "90"},
                    after={"target": "95"},
                ),
                AuditEntry(
                    actor="xa_nh",
                    action="decide",
                    entity="review_item",
                    entity_key="7",
                    after={"reason": "outside"},
                    refused=True,
                ),
                AuditEntry(
                    actor="xa_dt",
                    action="update",
                    entity="quota",
                    entity_key="CNCD_DongTao_DoanTung/ttdt/2026-11",
                ),
            ]
        )
    app = _app_of(sessions, sqlite_url, "xa_nh")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        table = app.screen.query_one("#audit", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[1] for row in rows] == ["xa_nh — Lê Văn Nam", "xa_nh — Lê Văn Nam"]
        assert rows[0][2] == "TỪ CHỐI decide review_item 7"
        assert rows[1][3] == '{"target": "90"} → {"target": "95"}'
        await pilot.press("escape")
        assert app.screen.query("#dash-header")
