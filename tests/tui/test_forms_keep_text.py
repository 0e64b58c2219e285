"""Pilot, 80×24: a refused form stays open with everything typed and the refusal under the
field it concerns (issue 14: nothing typed is lost); corrected, it saves."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Input, Label

from tests.tui.conftest import settle
from tests.tui.test_members import names, open_dong_tao
from tracker.store.models import Member, Team
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio


def value(app, field: str) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{field}", Input).value


def under(app, field: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(f"#{field}-problem", Label).render())


async def test_a_refused_member_form_keeps_its_text(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Vu Van Giang", "tab", "tab", *"Doan thanh nien", "tab", *"123")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # still open
        assert "'123' không phải số điện thoại" in under(app, "phone")
        assert under(app, "name") == ""  # nothing under the fields that are right
        assert (value(app, "name"), value(app, "organization"), value(app, "phone")) == (
            "Vu Van Giang",
            "Doan thanh nien",
            "123",
        )
        assert app.screen.focused is app.screen.query_one("#phone", Input)
        await pilot.press("ctrl+a", "ctrl+k", *"0912345678", "enter")  # corrected: saved
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)
        assert names(app)[-1] == "Vu Van Giang"
    with sessions() as session:
        member = session.scalars(select(Member).where(Member.name == "Vu Van Giang")).one()
        assert (member.organization, member.phone) == ("Doan thanh nien", "0912345678")


async def test_a_refused_team_form_keeps_its_text(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("down")  # Xã Đoàn Tùng
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"CNCD_NH", "tab", *"Tổ mới của xã", "enter")  # a code taken
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert under(app, "code") == "đã có tổ mã CNCD_NH"
        assert (value(app, "code"), value(app, "name"), value(app, "units")) == (
            "CNCD_NH",
            "Tổ mới của xã",
            "DT",
        )
        await pilot.press("escape")  # given up: nothing written
        await settle(pilot)
        assert isinstance(app.screen.query_one("#teams", DataTable), DataTable)
    with sessions() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_NH")).one()
        assert team.name != "Tổ mới của xã"


async def test_a_refused_accept_keeps_what_was_chosen(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    from tracker.store.models import ReviewItem
    from tui.widgets.accept import AcceptDialog

    app = make_app(scope="NH")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"hoi yen", "tab", "tab", "ctrl+a", "ctrl+k", *"99999999", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AcceptDialog)  # still open, as chosen
        assert "99999999 quá lớn cho chỉ số ttdt" in under(app, "value")
        assert value(app, "team") == "hoi yen" and value(app, "value") == "99999999"
        await pilot.press("ctrl+a", "ctrl+k", *"7", "enter")  # corrected: counted
        await settle(pilot)
        assert not isinstance(app.screen, AcceptDialog)
    with sessions() as session:
        item = session.scalars(select(ReviewItem)).one()
        assert item.status == "accepted"


async def test_a_reject_refused_keeps_the_reason(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    """Decided elsewhere meanwhile (the CLI, another officer): the reason typed stays."""
    from tracker.review import reject
    from tracker.store.models import ReviewItem

    app = make_app(scope="NH")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*"tin nhan rac")
        with sessions.begin() as session:
            item = session.scalars(select(ReviewItem)).one()
            reject(session, item.id, officer="someone else", reason=None)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert "đã được xử lý" in str(app.screen.query_one("#problem", Label).render())
        assert value(app, "reason") == "tin nhan rac"
