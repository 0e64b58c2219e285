"""Pilot at 80×24: ctrl+z on the review screen undoes its last decision. A rejected item is
back in the list and open in the store, its message waiting for review again; an accepted
one is back too and its entry is gone; a bulk reject comes back whole; each with an `undo`
audit entry beside the decision. A viewer is offered no undo."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.tui.conftest import OFFICER, settle
from tests.tui.test_hierarchy_edit import audit, press
from tests.tui.test_review_inbox import elsewhere, rows  # noqa: F401 (a fixture)
from tracker.store.models import InboundMessage, ReportEntry, ReviewItem
from tui.commands import palette_commands
from tui.widgets.keys_help import key_rows

pytestmark = pytest.mark.anyio
SIZE = (80, 24)
ASKED = ["12/11", "", "Người dân", "người gửi chưa đăng ký", "bc ttdt 7"]


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [note.message for note in app._notifications]


def item(sessions: sessionmaker[Session]) -> tuple[object, ...]:
    """The seeded item (status, decider, entry) and its message (status, reason)."""
    with sessions() as session:
        row = session.scalars(select(ReviewItem)).one()
        message = session.get_one(InboundMessage, row.message_id)
        return (row.status, row.decided_by, row.entry_id, message.status, message.reason)


def entries(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(ReportEntry)) or 0


async def open_review(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await press(pilot, "4")
    assert [row[4] for row in rows(pilot.app)] == ["bc ttdt 7"]


async def test_a_rejected_item_comes_back(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    waiting = item(sessions)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await press(pilot, "x")
        await press(pilot, *"spam", "enter")
        assert rows(app) == []
        assert item(sessions)[:2] == ("rejected", OFFICER)
        await press(pilot, "ctrl+z")
        assert rows(app) == [ASKED]
        await press(pilot, "ctrl+z")  # the undo left nothing more to undo
        assert notes(app)[-1] == "Chưa có thay đổi nào để hoàn tác"
    assert item(sessions) == waiting == ("open", None, None, "review", "unknown sender")
    key = audit(sessions, "review_item")[0][2]
    assert audit(sessions, "review_item") == [(OFFICER, "reject", key), (OFFICER, "undo", key)]


async def test_an_accepted_item_comes_back_and_its_entry_is_gone(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    counted = entries(sessions)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await press(pilot, "a")
        await pilot.click("#team")
        await press(pilot, *"CNCD_PhuKhe_NguHung", "enter")
        assert rows(app) == []
        assert entries(sessions) == counted + 1 and item(sessions)[0] == "accepted"
        await press(pilot, "ctrl+z")
        assert rows(app) == [ASKED]
        key = audit(sessions, "review_item")[0][2]
        assert notes(app)[-1] == f"Đã hoàn tác thay đổi cuối: {key}"
    assert entries(sessions) == counted
    assert item(sessions) == ("open", None, None, "review", "unknown sender")
    assert [action for _, action, _ in audit(sessions, "review_item")] == ["accept", "undo"]


async def test_a_viewer_is_offered_no_undo(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    for read_only in (False, True):
        app = make_app(language="en")
        app.ctx = replace(app.ctx, read_only=read_only)
        async with app.run_test(size=SIZE) as pilot:
            await open_review(pilot)
            keys = {key: tip for key, _, tip in key_rows(app, [app.screen, app])}
            names = {command.name for command in palette_commands(app, app.screen)}
            if read_only:
                assert "^z" not in keys and "Undo" not in names
            else:
                assert keys["^z"].startswith("Undo the last accept or reject (of one or all shown)")
                assert "Undo" in names


@pytest.mark.usefixtures("elsewhere")
async def test_a_bulk_reject_comes_back_whole(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        assert len(rows(app)) == 2
        await press(pilot, "X")
        await press(pilot, *"spam", "enter")
        assert rows(app) == []
        await press(pilot, "ctrl+z")
        assert sorted(row[4] for row in rows(app)) == ["bc dvc 3", "bc ttdt 7"]
    with sessions() as session:
        assert list(session.scalars(select(ReviewItem.status))) == ["open", "open"]
    assert [action for _, action, _ in audit(sessions, "review_item")] == ["reject"] * 2 + [
        "undo"
    ] * 2
