"""`?` and F1: the keys of the screen in view, each with what it does, in the UI language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.commands import offered
from tui.textual_private import bindings_of


def key_rows(app: App[Any], nodes: Iterable[DOMNode]) -> list[tuple[str, str, str]]:
    """(keys as shown, name, what it does) of every named binding, once per action; the
    first node's first (the screen's keys before the app's)."""
    keys: dict[str, list[str]] = {}
    named: dict[str, Binding] = {}
    for node in nodes:
        for bindings in bindings_of(node).key_to_bindings.values():
            for binding in bindings:
                if not binding.description or binding.system or not offered(node, binding.action):
                    continue
                keys.setdefault(binding.action, []).append(app.get_key_display(binding))
                named.setdefault(binding.action, binding)
    return [
        ("/".join(dict.fromkeys(keys[action])), binding.description, binding.tooltip)
        for action, binding in named.items()
    ]


class KeysHelp(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysHelp { align: center middle; }
    KeysHelp > Vertical {
        width: 78; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        border: thick $accent; background: $surface;
    }
    KeysHelp VerticalScroll { height: auto; max-height: 19; }
    KeysHelp #keys-title { text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", "Esc", show=False)
    ]

    def __init__(self, title: str, rows: list[tuple[str, str, str]], hint: str) -> None:
        super().__init__()
        self.heading = title
        self.rows = rows
        self.hint = hint

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for key, name, what in self.rows:
            table.add_row(Text(key), Text(name), Text(what))
        with Vertical():
            yield Label(self.heading, id="keys-title", markup=False)
            with VerticalScroll():
                yield Static(table, id="keys")
            yield Label(self.hint, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
