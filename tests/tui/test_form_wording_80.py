"""Pilot at 80×24: a refusal shown in a dialog speaks of the dialog's fields, never of a
command-line flag (`--value`, `--reason`), which the terminal UI does not have; the CLI
keeps its own wording (issue 14: forms that can be read)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from tests.tui.conftest import settle
from tracker.errors import Refusal
from tui.widgets.accept import AcceptDialog
from tui.widgets.dialogs import TextPrompt

pytestmark = pytest.mark.anyio
LANGUAGES = pytest.mark.parametrize("language", ["vi", "en"])
TOO_LARGE = {
    "vi": "mục 1: 99999999 quá lớn cho chỉ số ttdt (tối đa 100000 một lần): hãy nhập số nhỏ hơn",
    "en": "review item 1: 99999999 is too large for ttdt (at most 100000 at a time): give a "
    "smaller count",
}
NEEDS_REASON = {"vi": "trả lại báo cáo cần ghi lý do", "en": "returning a report needs a reason"}


@LANGUAGES
async def test_a_value_too_large_names_no_flag(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(scope="NH", language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"hoi yen", "tab", "tab", "ctrl+a", "ctrl+k", *"99999999", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AcceptDialog)
        said = str(app.screen.query_one("#value-problem", Label).render())
        assert said == TOO_LARGE[language]
        assert "--" not in said


@LANGUAGES
async def test_a_return_without_reason_names_no_flag(make_app, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("down", "x")  # the team that sent its report
        await settle(pilot)
        await pilot.press("enter")  # no reason: refused, asked again
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        question = str(app.screen.query_one("#question", Label).render())
        assert question.startswith(NEEDS_REASON[language] + "\n")
        assert "--" not in question
        assert app.screen.query_one("#answer", Input).value == ""


def test_the_cli_keeps_its_flags() -> None:
    refusal = Refusal("review.too_large", id=1, value=5000, indicator="ttdt", bound=1000)
    assert refusal.text("vi").endswith("hãy nhập --value")
    assert refusal.form_problems("vi") == [
        ("value", "mục 1: 5000 quá lớn cho chỉ số ttdt (tối đa 1000 một lần): hãy nhập số nhỏ hơn")
    ]
