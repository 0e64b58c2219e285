"""A small form dialog: a title and labelled one-line fields; returns the answers or None.

The quota, member and task dialogs are all this form with different fields.
"""

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
class Field:
    name: str  # the widget id and the key of the answer
    label: str  # shown beside the field, and named when missing
    value: str = ""
    required: bool = True
    integer: bool = False
    hint: str = ""  # the placeholder, when the label alone does not say what to type


class FormDialog(ModalScreen[dict[str, str] | None]):
    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 95%; padding: 0 2;
        border: thick $accent; background: $surface;
    }
    /* A question or title wraps: never cut mid-sentence at 80 columns (issue 14). */
    FormDialog #heading { text-style: bold; margin-bottom: 1; width: 1fr; height: auto; }
    FormDialog #problem { color: $error; height: auto; }
    FormDialog Horizontal { height: auto; }
    FormDialog .field-label { width: 16; color: $text-muted; }
    FormDialog .field Input { width: 1fr; }
    FormDialog .field-problem { color: $error; width: 1fr; height: auto; padding-left: 16; }
    FormDialog .field-problem.-empty { display: none; }
    FormDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Esc")]

    def __init__(self, title: str, fields: list[Field], ok: str, cancel: str) -> None:
        super().__init__()
        self.heading = title
        self.fields = fields
        self.ok = ok
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, id="heading", markup=False)
            for field in self.fields:
                # A label beside each field: a filled-in field hides its placeholder.
                with Horizontal(classes="field"):
                    yield Label(field.label, classes="field-label", markup=False)
                    yield Input(
                        field.value,
                        placeholder=field.hint,
                        id=field.name,
                        type="integer" if field.integer else "text",
                        compact=True,
                    )
                # A refusal of this field shows here, under it (tui/widgets/saving.py).
                yield Label(
                    "", id=f"{field.name}-problem", classes="field-problem -empty", markup=False
                )
            yield Label("", id="problem", markup=False)
            with Horizontal():
                yield Button(self.ok, variant="primary", id="ok", compact=True)
                yield Button(self.cancel, id="cancel", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        answers = {f.name: self.query_one(f"#{f.name}", Input).value.strip() for f in self.fields}
        missing = [f.label for f in self.fields if f.required and not answers[f.name]]
        if missing:
            self.query_one("#problem", Label).update("? " + ", ".join(missing))
            return
        self.accept(answers)

    def accept(self, answers: dict[str, str]) -> None:
        """The answers are complete: close with them (a saving form saves first)."""
        self.dismiss(answers)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
