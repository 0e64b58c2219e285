"""The link dialog of the review inbox: which roster member sent this message.

The member is picked from a list; typing filters it, without regard to case or
diacritics ("hoa" finds "Đỗ Thị Hoa" and "Hòa"). Returns (team code, member name).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tracker.registration import Choice
from tracker.text import fold


class LinkDialog(ModalScreen[tuple[str, str] | None]):
    DEFAULT_CSS = """
    LinkDialog { align: center middle; }
    LinkDialog > Vertical {
        width: 76; max-width: 95%; height: 20; padding: 1 2;
        border: thick $success; background: $surface;
    }
    LinkDialog OptionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Esc"),
        Binding("down", "down", show=False),
        Binding("up", "up", show=False),
    ]

    def __init__(self, title: str, prompt: str, linked: str, choices: list[Choice]) -> None:
        super().__init__()
        self.heading = title
        self.prompt = prompt
        self.linked = linked  # the mark of a member who already has an account
        self.choices = choices
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, markup=False)
            yield Input(placeholder=self.prompt, id="filter")
            yield OptionList(id="members")

    def on_mount(self) -> None:
        self._show("")

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        words = fold(text).split()
        self.shown = [
            c
            for c in self.choices
            if all(w in fold(f"{c.member} {c.team} {c.team_name}") for w in words)
        ]
        options = self.query_one("#members", OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(f"{c.member} — {c.team_name} ({c.team})" + (self.linked if c.linked else ""))
                for c in self.shown
            ]
        )
        if self.shown:
            options.highlighted = 0

    def action_down(self) -> None:
        self.query_one("#members", OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#members", OptionList).action_cursor_up()

    @on(Input.Submitted, "#filter")
    def submitted(self) -> None:
        self._choose(self.query_one("#members", OptionList).highlighted)

    @on(OptionList.OptionSelected, "#members")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.shown):
            return
        choice = self.shown[index]
        self.dismiss((choice.team, choice.member))

    def action_cancel(self) -> None:
        self.dismiss(None)
