"""Pilot at 80×24: the review inbox at a commune's scope, in words, filtered, accepted from
lists with an alias, and rejected in bulk."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable, Input, OptionList, Static

from tests.tui.conftest import from_unknown_sender, settle
from tracker.store.models import ReportEntry, ReviewItem
from tui.widgets.accept import AcceptDialog
from tui.widgets.dialogs import TextPrompt

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


def rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#review", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


@pytest.fixture
def elsewhere(sessions: sessionmaker[Session]) -> None:
    """A second item, from Đoàn Tùng's chat: not the business of Ngũ Hùng's officer."""
    with sessions.begin() as session:
        item = from_unknown_sender(
            "90", "Người ở Đoàn Tùng", "bc dvc 3", datetime(2026, 10, 1, 2, tzinfo=UTC)
        )
        item.message.channel, item.message.chat_id = "zalo", "zg-1"
        session.add(item)


@pytest.mark.usefixtures("elsewhere")
async def test_a_commune_sees_its_items_in_words_and_accepts_by_an_alias(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app(scope="NH")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert rows(app) == [["12/11", "", "Người dân", "người gửi chưa đăng ký", "bc ttdt 7"]]
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AcceptDialog)
        # The message stays in view, in the dialog itself.
        assert "bc ttdt 7" in str(dialog.query_one("#message", Static).render())
        # The team list holds Ngũ Hùng's teams only, filtered without diacritics.
        teams = dialog.query_one("#team-list", OptionList)
        assert teams.option_count == 3
        await pilot.press(*"hoi yen")
        assert teams.option_count == 1
        await pilot.press("tab")
        indicator = dialog.query_one("#indicator", Input)
        indicator.value = ""
        await pilot.press(*"thanh toan dien tu")
        await pilot.pause()
        options = dialog.query_one("#indicator-list", OptionList)
        assert options.option_count == 1
        assert "ttdt" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app) == []
    with sessions() as session:
        item = session.scalars(select(ReviewItem).where(ReviewItem.status == "accepted")).one()
        entry = session.get(ReportEntry, item.entry_id)
        assert entry is not None and entry.team.code == "CNCD_HoiYen_NguHung"
        assert entry.indicator.code == "ttdt" and entry.value == 7


@pytest.mark.usefixtures("elsewhere")
async def test_filter_by_age_and_words_then_reject_what_is_shown(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert [row[3] for row in rows(app)] == ["sender not registered"] * 2
        await pilot.press("g", "g")  # every item, then older than a week, then a month
        await settle(pilot)
        assert [row[4] for row in rows(app)] == ["bc dvc 3"]
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("slash", *"nguoi dan")
        await pilot.pause()
        assert [row[4] for row in rows(app)] == ["bc ttdt 7"]
        await pilot.press("escape")  # leaves the search box; the filter stays
        assert isinstance(app.screen.focused, DataTable)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert "Reject all 1 items shown?" in str(app.screen.query_one("Label").render())
        await pilot.press(*"spam", "enter")
        await settle(pilot)
    with sessions() as session:
        decided = dict(session.execute(select(ReviewItem.text, ReviewItem.status)).all())
    assert decided == {"bc ttdt 7": "rejected", "bc dvc 3": "open"}
