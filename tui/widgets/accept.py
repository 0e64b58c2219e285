"""The accept dialog of the review inbox: team, indicator and value, corrected if need be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


@dataclass(frozen=True)
class AcceptForm:
    team: str
    indicator: str
    value: int


class AcceptDialog(ModalScreen[AcceptForm | None]):
    DEFAULT_CSS = """
    AcceptDialog { align: center middle; }
    AcceptDialog > Vertical {
        width: 70; max-width: 95%; height: auto; padding: 1 2;
        border: thick $success; background: $surface;
    }
    AcceptDialog Input { margin-bottom: 1; }
    AcceptDialog #problem { color: $error; height: auto; }
    AcceptDialog Horizontal { height: auto; }
    AcceptDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Esc")]

    def __init__(
        self,
        title: str,
        labels: tuple[str, str, str],
        start: AcceptForm | None,
        ok: str,
        cancel: str,
    ) -> None:
        super().__init__()
        self.heading = title
        self.labels = labels
        self.start = start
        self.ok = ok
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        start = self.start
        with Vertical():
            yield Label(self.heading, markup=False)
            yield Input(start.team if start else "", placeholder=self.labels[0], id="team")
            yield Input(
                start.indicator if start else "", placeholder=self.labels[1], id="indicator"
            )
            yield Input(
                str(start.value) if start else "",
                placeholder=self.labels[2],
                id="value",
                type="integer",
            )
            yield Label("", id="problem", markup=False)
            with Horizontal():
                yield Button(self.ok, variant="success", id="ok")
                yield Button(self.cancel, id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        team = self.query_one("#team", Input).value.strip()
        indicator = self.query_one("#indicator", Input).value.strip()
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
        self.dismiss(AcceptForm(team, indicator, number))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
