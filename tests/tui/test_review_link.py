"""The review screen links a sender to a roster member picked from a filtered list."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, OptionList

from tests.pipeline_helpers import totals
from tests.tui.conftest import OFFICER, settle
from tracker.store.models import Member, MemberAccount, ReviewItem, Team
from tui.widgets.link import LinkDialog

pytestmark = pytest.mark.anyio
SIZE = (100, 30)


async def test_linking_a_sender_counts_their_held_report(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        session.add(Member(team=team, name="Đỗ Thị Hoa", phone="0987654321"))
        session.add(Member(team=team, name="Đỗ Văn Hòa"))
    with sessions() as session:
        before = totals(session).get(("CNCD_HoiYen_NguHung", "ttdt"), 0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LinkDialog)
        await pilot.press(*"do thi hoa")
        await settle(pilot)
        options = app.screen.query_one("#members", OptionList)
        assert options.option_count == 1
        assert "Đỗ Thị Hoa" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert app.screen.query_one("#review", DataTable).row_count == 0
    with sessions() as session:
        account = session.scalars(select(MemberAccount).where(MemberAccount.user_id == "977")).one()
        assert (account.member.name, account.channel, account.linked_by) == (
            "Đỗ Thị Hoa",
            "telegram",
            OFFICER,
        )
        assert session.scalars(select(ReviewItem.status)).one() == "accepted"
        assert totals(session)[("CNCD_HoiYen_NguHung", "ttdt")] == before + 7
