"""The scope picker: a tree of units; Enter chooses one, Esc keeps the current scope."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Tree

from tracker.officers.scope import unit_view
from tracker.roster import UnitView
from tui.context import TuiContext
from tui.widgets.unit_tree import UnitTree


class ScopePicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ScopePicker { align: center middle; }
    ScopePicker > Vertical {
        width: 60; max-width: 95%; height: 80%; border: thick $accent; background: $surface;
    }
    ScopePicker UnitTree { width: 1fr; border-right: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Esc")]

    def __init__(self, ctx: TuiContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.ctx.t("scope.title"), markup=False)
            yield UnitTree(self.ctx, id="scope-tree")

    def on_mount(self) -> None:
        tree = self.query_one(UnitTree)
        if self.ctx.home is None:
            tree.load_roots()
        else:
            tree.clear()
            self.load_home(self.ctx.home)
        tree.focus()

    @work(thread=True, exit_on_error=False)
    def load_home(self, code: str) -> None:
        """An officer's tree starts at their own unit: nothing beside or above it."""
        with self.ctx.sessions() as session:
            home = unit_view(session, code)
        self.query_one(UnitTree).post_message(UnitTree.Children(None, [home]))

    @on(Tree.NodeSelected, "#scope-tree")
    def chosen(self, event: Tree.NodeSelected[UnitView]) -> None:
        if event.node.data is not None:
            self.dismiss(event.node.data.code)

    def action_cancel(self) -> None:
        self.dismiss(None)
