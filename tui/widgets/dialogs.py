"""Small modal dialogs: an error, and a one-line question. Each returns through dismiss()."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ErrorDialog(ModalScreen[None]):
    """Shows what went wrong, in one place, instead of a traceback."""

    DEFAULT_CSS = """
    ErrorDialog { align: center middle; }
    ErrorDialog > Vertical {
        width: 70; max-width: 95%; height: auto; padding: 1 2;
        border: thick $error; background: $surface;
    }
    ErrorDialog #title { text-style: bold; color: $error; width: 1fr; height: auto; }
    ErrorDialog Button { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "OK")]

    def __init__(self, title: str, message: str, ok: str = "OK") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.ok = ok

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="title", markup=False)
            yield Static(self.message, id="message", markup=False)
            yield Button(self.ok, variant="error", id="ok")

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """Asks for one line of text; returns it, or None when cancelled."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 70; max-width: 95%; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    TextPrompt #question { width: 1fr; height: auto; }  /* wraps, never cut */
    TextPrompt Horizontal { height: auto; margin-top: 1; }
    TextPrompt Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", ok: str = "OK", cancel: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.ok = ok
        self.cancel = cancel or "Esc"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question", markup=False)
            yield Input(self.value, id="answer")
            with Horizontal():
                yield Button(self.ok, variant="primary", id="ok")
                yield Button(self.cancel, id="cancel")

    @on(Input.Submitted, "#answer")
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        self.dismiss(self.query_one("#answer", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
