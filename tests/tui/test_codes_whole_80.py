"""Pilot at 80×24, in Vietnamese and English: on the units screen what an officer quotes
or types is shown whole: the team's code in the teams table, and under each table the
highlighted team (code, chats with their ids) and member (phone, every chat id) whole
(issue 14: codes, phones and ids shown whole where they are the point)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.tui.conftest import settle
from tests.tui.screen_text import reads_whole, region_text
from tests.tui.test_members import open_dong_tao

pytestmark = pytest.mark.anyio
LANGUAGES = pytest.mark.parametrize("language", ["vi", "en"])
CHAT_ID = "-1002233445566778899"


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def seen(app, widget: str) -> list[str]:  # type: ignore[no-untyped-def]
    return region_text(app, app.screen.query_one(widget).region)


@LANGUAGES
async def test_the_team_code_is_whole_in_the_table(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        rows = seen(app, "#teams")
        assert any("CNCD_DongTao_DoanTung " in row for row in rows), "\n".join(rows)


@LANGUAGES
async def test_the_member_and_team_details_are_whole(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        member = seen(app, "#member-detail")
        for part in ("Phạm Thị Dung", t("role.leader"), "0912345678", "telegram 1004"):
            assert reads_whole(member, part), "\n".join(member)
        assert reads_whole(member, "zalo z1004"), "\n".join(member)
        app.screen.query_one("#teams", DataTable).focus()
        await press(pilot, "c", "ctrl+a", "ctrl+k", *"telegram", "tab", *CHAT_ID, "enter")
        team = seen(app, "#team-detail")
        assert reads_whole(team, "CNCD_DongTao_DoanTung · CNCĐ_Đông Tảo_Đoàn Tùng"), team
        assert reads_whole(team, f"telegram {CHAT_ID}"), "\n".join(team)


@LANGUAGES
async def test_the_digest_screen_shows_the_highlighted_chat_whole(  # type: ignore[no-untyped-def]
    make_app, sessions, language: str
) -> None:
    from sqlalchemy import select

    from tracker.store.models import Chat

    title = "Nhóm Tổ công nghệ số cộng đồng thôn Ngũ Hùng, xã Ngũ Hùng"
    with sessions.begin() as session:
        chat = session.scalars(select(Chat).where(Chat.chat_id == "-1001000000001")).one()
        chat.title = title
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "7")
        table = seen(app, "#chats")
        assert not any(title in row for row in table)  # the column cuts it at 80 columns
        detail = seen(app, "#chat-detail")
        assert reads_whole(detail, f"telegram -1001000000001 ({title})"), "\n".join(detail)
        assert reads_whole(detail, f"{t('col.bound')}: Xã Ngũ Hùng"), "\n".join(detail)


@LANGUAGES
async def test_the_tree_shows_whole_names_and_the_unit_line_its_households(  # type: ignore[no-untyped-def]
    make_app, language: str
) -> None:
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        tree = [line.strip(" ├└│▼▶─┬┐▁▂▃▄▅▆▇█▉▊▋▌▍▎▏") for line in seen(app, "#units")]
        # Each line is a unit's name whole: with its households beside it the deeper
        # names were cut at 80 columns, in English most of all.
        assert {"Xã Đoàn Tùng", "Thôn Đông Tảo"} <= set(tree), tree
        info = seen(app, "#unit-info")
        assert reads_whole(info, f"DT-1 · {t('level.village')} · {t('hier.households', n=400)}")


@LANGUAGES
async def test_the_dashboards_indicator_headers_are_whole(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        head = seen(app, "#totals")[0].split()
        for word in (t("col.indicator"), t("col.done")):
            assert all(part in head for part in word.split()), head
