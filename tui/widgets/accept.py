"""The accept dialog of the review inbox: team, indicator and value, chosen from lists.

The message the item is about stays in view at the top of the dialog. The team and the
indicator are picked from lists that typing filters without regard to case or
diacritics ("hoi yen" finds "CNCĐ_Hội Yên"); an indicator is also found by any alias the
chat accepts ("thanh toan dien tu" finds ttdt). Up and Down move in the list of the field
being typed in; Enter accepts with what is highlighted. Given `save`, the dialog saves
before it closes: a refusal (an unknown team, a value too large) shows under its field and
everything chosen stays (tui/widgets/saving.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tracker.review_query import IndicatorChoice
from tracker.text import fold, squash_spaces
from tui.widgets.saving import SavesBeforeClosing


@dataclass(frozen=True)
class AcceptForm:
    team: str
    indicator: str
    value: int


@dataclass(frozen=True)
class AcceptChoices:
    """What the lists offer: (code, name) of the scope's teams, and the indicators."""

    teams: list[tuple[str, str]] = field(default_factory=list)
    indicators: list[IndicatorChoice] = field(default_factory=list)


def teams_matching(teams: list[tuple[str, str]], typed: str) -> list[tuple[str, str]]:
    words = fold(typed).split()
    return [(c, n) for c, n in teams if all(w in fold(f"{c} {n}") for w in words)]


def indicators_matching(choices: list[IndicatorChoice], typed: str) -> list[IndicatorChoice]:
    """Those whose code, name or an alias holds what is typed; one named exactly first."""
    wanted = fold(squash_spaces(typed))
    found = [c for c in choices if c.matches(typed)]
    exact = [c for c in found if wanted in {fold(t) for t in (c.code, c.name, *c.aliases)}]
    return exact + [c for c in found if c not in exact]


class AcceptDialog(SavesBeforeClosing, ModalScreen[AcceptForm | None]):
    DEFAULT_CSS = """
    AcceptDialog { align: center middle; }
    AcceptDialog > Vertical {
        width: 78; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        border: thick $success; background: $surface;
    }
    AcceptDialog #message {
        height: auto; max-height: 4; border-left: thick $accent; padding-left: 1;
        margin-bottom: 1;
    }
    AcceptDialog Horizontal { height: auto; }
    AcceptDialog .column { width: 1fr; height: auto; }
    AcceptDialog #team-list, AcceptDialog #indicator-list { height: 7; max-height: 7; }
    AcceptDialog Input { height: 1; margin-bottom: 1; }
    AcceptDialog #value { width: 20; margin-right: 2; }
    AcceptDialog #problem { color: $error; height: auto; }
    AcceptDialog .field-problem { color: $error; width: 1fr; height: auto; }
    AcceptDialog .field-problem.-empty { display: none; }
    AcceptDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Esc"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(
        self,
        title: str,
        labels: tuple[str, str, str],
        start: AcceptForm | None,
        ok: str,
        cancel: str,
        message: str = "",
        choices: AcceptChoices | None = None,
        save: Callable[[AcceptForm], Any] | None = None,
        saved: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__()
        self.field_names = ("team", "indicator", "value")
        self.saving = save
        if save is not None:
            self.save = save
        self.saved = saved
        self.heading = title
        self.labels = labels
        self.start = start
        self.ok = ok
        self.cancel = cancel
        self.message = message
        self.choices = choices or AcceptChoices()
        self.shown_teams: list[tuple[str, str]] = []
        self.shown_indicators: list[IndicatorChoice] = []

    def compose(self) -> ComposeResult:
        start = self.start
        with Vertical():
            yield Label(self.heading, markup=False)
            yield Static(self.message, id="message", markup=False)
            with Horizontal():
                with Vertical(classes="column"):
                    yield Input(
                        start.team if start else "",
                        placeholder=self.labels[0],
                        id="team",
                        compact=True,
                    )
                    yield self.problem_label("team")
                    yield OptionList(id="team-list", compact=True)
                with Vertical(classes="column"):
                    yield Input(
                        start.indicator if start else "",
                        placeholder=self.labels[1],
                        id="indicator",
                        compact=True,
                    )
                    yield self.problem_label("indicator")
                    yield OptionList(id="indicator-list", compact=True)
            with Horizontal():
                yield Input(
                    str(start.value) if start else "",
                    placeholder=self.labels[2],
                    id="value",
                    type="integer",
                    compact=True,
                )
                yield Button(self.ok, variant="success", id="ok", compact=True)
                yield Button(self.cancel, id="cancel", compact=True)
            yield self.problem_label("value")
            yield Label("", id="problem", markup=False)

    @staticmethod
    def problem_label(name: str) -> Label:
        return Label("", id=f"{name}-problem", classes="field-problem -empty", markup=False)

    def on_mount(self) -> None:
        for options in self.query(OptionList):
            options.can_focus = False  # Tab goes field to field; Up/Down move in the list
        self._show_teams(self.query_one("#team", Input).value)
        self._show_indicators(self.query_one("#indicator", Input).value)
        self.query_one("#team", Input).focus()

    @on(Input.Changed, "#team")
    def team_typed(self, event: Input.Changed) -> None:
        self._show_teams(event.value)

    @on(Input.Changed, "#indicator")
    def indicator_typed(self, event: Input.Changed) -> None:
        self._show_indicators(event.value)

    def _show_teams(self, typed: str) -> None:
        self.shown_teams = teams_matching(self.choices.teams, typed)
        self._fill("#team-list", [f"{name} ({code})" for code, name in self.shown_teams])

    def _show_indicators(self, typed: str) -> None:
        self.shown_indicators = indicators_matching(self.choices.indicators, typed)
        self._fill("#indicator-list", [f"{c.code} · {c.name}" for c in self.shown_indicators])

    def _fill(self, selector: str, prompts: list[str]) -> None:
        options = self.query_one(selector, OptionList)
        options.clear_options()
        options.add_options([Option(prompt) for prompt in prompts])
        if prompts:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        focused = self.focused
        name = {"team": "#team-list", "indicator": "#indicator-list"}.get(
            getattr(focused, "id", "")
        )
        if name is None:
            self.focus_next() if step > 0 else self.focus_previous()
            return
        options = self.query_one(name, OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on an option puts it in its field."""
        if event.option_list.id == "team-list" and event.option_index < len(self.shown_teams):
            self.query_one("#team", Input).value = self.shown_teams[event.option_index][0]
        elif event.option_index < len(self.shown_indicators):
            chosen = self.shown_indicators[event.option_index].code
            self.query_one("#indicator", Input).value = chosen

    def chosen_team(self) -> str:
        typed = self.query_one("#team", Input).value.strip()
        if not typed or any(code == typed for code, _ in self.choices.teams):
            return typed
        index = self.query_one("#team-list", OptionList).highlighted
        if index is not None and index < len(self.shown_teams):
            return self.shown_teams[index][0]
        return typed  # not in the list: the store says whether it exists

    def chosen_indicator(self) -> str:
        typed = self.query_one("#indicator", Input).value.strip()
        if not typed or any(c.code == typed for c in self.choices.indicators):
            return typed
        index = self.query_one("#indicator-list", OptionList).highlighted
        if index is not None and index < len(self.shown_indicators):
            return self.shown_indicators[index].code
        return typed

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        team, indicator = self.chosen_team(), self.chosen_indicator()
        value = self.query_one("#value", Input).value.strip()
        missing = [
            label
            for label, text in zip(self.labels, (team, indicator, value), strict=True)
            if not text
        ]
        if missing:
            self.query_one("#problem", Label).update("? " + ", ".join(missing))
            return
        try:
            number = int(value)
        except ValueError:
            self.query_one("#problem", Label).update(f"? {self.labels[2]}")
            return
        form = AcceptForm(team, indicator, number)
        if self.saving is None:
            self.dismiss(form)
        else:
            self.start_saving(form)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
