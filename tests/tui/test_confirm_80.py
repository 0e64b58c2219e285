"""Pilot at 80×24, in Vietnamese and English: every question an officer answers before a
change (remove a unit, a team, a member; unbind a chat; reject all shown; return a
monthly report; post a digest now; import a quota file) is shown whole, wrapped where it
is long, never cut mid-sentence (issue 14: 80×24 that can be read)."""

from __future__ import annotations

import pytest
from textual.containers import Vertical
from textual.pilot import Pilot

from tests.tui.conftest import settle
from tests.tui.screen_text import reads_whole, region_text
from tests.tui.test_members import open_dong_tao

pytestmark = pytest.mark.anyio
LANGUAGES = pytest.mark.parametrize("language", ["vi", "en"])


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def assert_shown_whole(app, sentence: str) -> None:  # type: ignore[no-untyped-def]
    """The dialog's box holds the sentence whole, with no ellipsis."""
    shown = region_text(app, app.screen.query_one(Vertical).content_region)
    assert reads_whole(shown, sentence), "\n".join(shown)
    assert "…" not in "".join(shown)


@LANGUAGES
async def test_the_hierarchy_questions_are_whole(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dong_tao(pilot)
        questions = {
            "x": t("unit.remove", name="Thôn Đông Tảo", code="DT-1"),
            "X": t("team.remove", name="CNCĐ_Đông Tảo_Đoàn Tùng", code="CNCD_DongTao_DoanTung"),
            "k": t("chat.unbind", name="CNCĐ_Đông Tảo_Đoàn Tùng"),
        }
        for key, question in questions.items():
            app.screen.query_one("#teams").focus()
            await press(pilot, key)
            assert_shown_whole(app, question)
            await press(pilot, "escape")
        app.screen.query_one("#members").focus()
        await press(pilot, "d")
        assert_shown_whole(
            app, t("member.remove", name="Phạm Thị Dung", team="CNCD_DongTao_DoanTung")
        )


@LANGUAGES
async def test_the_review_and_monthly_questions_are_whole(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "4", "X")
        assert_shown_whole(app, t("review.reject_shown", n=1))
        await press(pilot, "escape", "6", "x")
        assert_shown_whole(app, t("monthly.return_prompt", team="CNCĐ_Đông Tảo_Đoàn Tùng"))


@LANGUAGES
async def test_the_digest_and_quota_questions_are_whole(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "7")
        app.screen.query_one("#chats").focus()
        await press(pilot, "p")
        assert_shown_whole(app, t("digest.confirm", parts=1, chat="CNCĐ_Ngũ Hùng_Thanh Miện"))
        await press(pilot, "escape", "3", "i")
        assert_shown_whole(app, t("quota.import_prompt"))


@LANGUAGES
async def test_the_monthly_title_line_is_whole(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    """The title counts every state: at 80 columns it wraps onto a second line."""
    app = make_app(language=language)
    t = app.ctx.t
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "6")
        header = app.screen.query_one("#monthly-header")
        shown = region_text(app, header.region)
        assert reads_whole(shown, f"{t('report.not_yet_due')} 0"), "\n".join(shown)
        assert reads_whole(shown, t("monthly.header", month="2026-11", scope="Tỉnh Hải Dương"))
