"""Every private Textual API the TUI relies on, and nowhere else.

Textual offers no public way to do these three things, so each is reached here, under a
name of ours; tests/tui/test_textual_private.py fails as soon as a Textual release changes
one of them, naming which. To move to a new Textual: run that test first.

- the key bindings a node has once built (`DOMNode._bindings`), read for the command
  palette and replaced to show binding descriptions in the officer's language;
- the crash report (`App._fatal_error`), replaced by one that leaves out the locals of
  every frame (the settings are among them, see tui/crash.py);
- where a DataTable draws a cell (`DataTable._get_cell_region`), to lay the quota
  editor over it.
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar

from textual.app import App
from textual.binding import BindingsMap
from textual.coordinate import Coordinate
from textual.dom import DOMNode
from textual.geometry import Region
from textual.widgets import DataTable

ReturnType = TypeVar("ReturnType")


def bindings_of(node: DOMNode) -> BindingsMap:
    """The bindings `node` answers to (its BINDINGS, built when it was made)."""
    return node._bindings


def set_bindings(node: DOMNode, bindings: BindingsMap) -> None:
    node._bindings = bindings


def cell_region(table: DataTable[Any], cell: Coordinate) -> Region:
    """Where `cell` is drawn, in the table's scrolled content (not on the screen)."""
    return table._get_cell_region(cell)


class OwnCrashReport(App[ReturnType]):
    """An app that shows its own report when it crashes: `crashed` returns True when it
    has, False to leave it to Textual."""

    def crashed(self, error: BaseException) -> bool:
        return False

    def _fatal_error(self) -> None:
        error = sys.exc_info()[1]
        if error is None or not self.crashed(error):
            super()._fatal_error()
