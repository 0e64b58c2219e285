"""Pilot at 80×24: ctrl+z on the monthly reports screen undoes its last approve (the report
is undecided again in the store, an `undo` audit entry beside the approve), and is refused
in one line once another officer decided since; on the digest screen it takes the post
just made back out of the outbox, and is refused once the digest went out. A viewer is
offered no undo on either."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from textual.widgets import DataTable

from tests.tui.conftest import OFFICER, settle
from tests.tui.test_hierarchy_edit import audit, press
from tests.tui.test_monthly import rows
from tests.tui.test_undo_review import notes
from tracker.monthly.decisions import return_report
from tracker.periods import Period
from tracker.store.models import MonthlyDecision, OutboxMessage
from tui.commands import palette_commands
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.keys_help import key_rows

pytestmark = pytest.mark.anyio
SIZE = (80, 24)
TEAM = "CNCD_HoiYen_NguHung"
NH_CHAT = "digest:telegram:-1001000000001:2026-11-22"


def decisions(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as session:
        return [(d.team.code, d.status) for d in session.scalars(select(MonthlyDecision))]


def pending(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        query = select(OutboxMessage.idempotency_key).where(OutboxMessage.status == "pending")
        return list(session.scalars(query))


async def open_monthly(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await press(pilot, "6")
    await press(pilot, "down")  # Hội Yên, which reported on time


def state(app) -> str:  # type: ignore[no-untyped-def]
    return rows(app.screen.query_one("#monthly", DataTable))[1][2]


async def test_an_approve_is_undone(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], clock_at
) -> None:
    clock_at("2026-11-22T10:00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_monthly(pilot)
        await press(pilot, "a")
        assert state(app) == "đã duyệt"
        assert decisions(sessions) == [(TEAM, "approved")]
        await press(pilot, "ctrl+z")
        assert state(app) == "đúng hạn"
        assert notes(app)[-1] == f"Đã hoàn tác thay đổi cuối: {TEAM}/2026-11"
        await press(pilot, "ctrl+z")  # the undo left nothing more to undo
        assert notes(app)[-1] == "Chưa có thay đổi nào để hoàn tác"
    assert decisions(sessions) == []
    key = f"{TEAM}/2026-11"
    assert audit(sessions, "monthly_report") == [(OFFICER, "approve", key), (OFFICER, "undo", key)]


async def test_a_return_is_undone_and_its_notice_taken_back(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], clock_at
) -> None:
    from textual.widgets import Input

    clock_at("2026-11-22T10:00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_monthly(pilot)
        await press(pilot, "x")
        app.screen.query_one("#answer", Input).value = "Ghi rõ số hộ đã hỗ trợ"
        await press(pilot, "enter")
        assert state(app) == "trả lại"
        assert [key.split(":")[0] for key in pending(sessions)] == ["monthly-return"]
        await press(pilot, "ctrl+z")
        assert state(app) == "đúng hạn"
    assert decisions(sessions) == [] and pending(sessions) == []


async def test_an_approve_decided_again_since_is_not_undone(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session], clock_at
) -> None:
    clock_at("2026-11-22T10:00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_monthly(pilot)
        await press(pilot, "a")
        with sessions.begin() as session:  # another officer returns it meanwhile
            month = Period.parse("2026-11")
            reason = "Thiếu số liệu"
            return_report(session, TEAM, month, officer="Khác", reason=reason, language="vi")
        await press(pilot, "ctrl+z")
        assert notes(app)[-1] == (
            f"không hoàn tác được: báo cáo tháng {TEAM}/2026-11 đã được quyết định lại sau thay "
            "đổi này (đã trả lại, Khác)"
        )
    assert decisions(sessions) == [(TEAM, "returned")]
    assert [action for _, action, _ in audit(sessions, "monthly_report")] == ["approve", "return"]


async def post_now(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await press(pilot, "7")
    await press(pilot, "p")
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await press(pilot, "enter")


async def test_a_post_is_taken_back(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await post_now(pilot)
        assert pending(sessions) == [NH_CHAT]
        await press(pilot, "ctrl+z")
        assert notes(app)[-1] == f"Đã hoàn tác thay đổi cuối: {NH_CHAT}"
        table = app.screen.query_one("#chats", DataTable)
        assert str(table.get_row_at(0)[3]) == "chưa gửi"
    assert pending(sessions) == []
    assert audit(sessions, "digest") == [(OFFICER, "post", NH_CHAT), (OFFICER, "undo", NH_CHAT)]


async def test_a_post_that_went_out_is_not_taken_back(  # type: ignore[no-untyped-def]
    make_app, sessions: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await post_now(pilot)
        with sessions.begin() as session:  # sync sent it meanwhile
            session.execute(update(OutboxMessage).values(status="sent"))
        await press(pilot, "ctrl+z")
        assert notes(app)[-1] == (
            f"không hoàn tác được: bản tin {NH_CHAT} không còn chờ gửi (đã gửi)"
        )
    with sessions() as session:
        assert list(session.scalars(select(OutboxMessage.status))) == ["sent"]
    assert [action for _, action, _ in audit(sessions, "digest")] == ["post"]


@pytest.mark.parametrize(("screen", "tip"), [("6", "Undo the last approve"), ("7", "Take back")])
async def test_a_viewer_is_offered_no_undo(  # type: ignore[no-untyped-def]
    make_app, screen: str, tip: str
) -> None:
    for read_only in (False, True):
        app = make_app(language="en")
        app.ctx = replace(app.ctx, read_only=read_only)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press(pilot, screen)
            keys = {key: tip for key, _, tip in key_rows(app, [app.screen, app])}
            names = {command.name for command in palette_commands(app, app.screen)}
            if read_only:
                assert "^z" not in keys and "Undo" not in names
            else:
                assert keys["^z"].startswith(tip)
                assert "Undo" in names
