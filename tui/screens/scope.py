"""The scope picker: a search line over a tree of units; Enter chooses one, Esc keeps the
current scope.

Since July 2025 a province lists its 100+ communes flat, so typing filters: the tree then
holds the units of today whose name or code holds the text, diacritics aside ("hai duong"
finds "Phường Hải Dương"); an empty line brings the tree back.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Tree

from tracker.hierarchy import find_unit
from tracker.officers.scope import unit_view
from tracker.roster import UnitView, search_units
from tui.context import TuiContext
from tui.widgets.unit_tree import UnitTree


class ScopePicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ScopePicker { align: center middle; }
    ScopePicker > Vertical {
        width: 60; max-width: 95%; height: 80%; border: thick $accent; background: $surface;
    }
    ScopePicker UnitTree { width: 1fr; border-right: none; }
    ScopePicker #scope-none { color: $warning; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Esc")]

    def __init__(self, ctx: TuiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.searched = ""  # the text the tree shows the matches of; "" for the tree itself

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.ctx.t("scope.title"), markup=False)
            yield Input(
                placeholder=self.ctx.t("scope.search"), id="scope-search", select_on_focus=False
            )
            yield Label("", id="scope-none", markup=False)
            yield UnitTree(self.ctx, id="scope-tree")

    def on_mount(self) -> None:
        self.query_one("#scope-none", Label).display = False
        self.show_tree()
        self.query_one(UnitTree).focus()

    def show_tree(self) -> None:
        tree = self.query_one(UnitTree)
        if self.ctx.home is None:
            tree.load_roots()
        else:
            tree.clear()
            self.load_home(self.ctx.home)

    @work(thread=True, exit_on_error=False)
    def load_home(self, code: str) -> None:
        """An officer's tree starts at their own unit: nothing beside or above it."""
        with self.ctx.sessions() as session:
            home = unit_view(session, code)
        self.query_one(UnitTree).post_message(UnitTree.Children(None, [home]))

    @on(Input.Changed, "#scope-search")
    def typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text == self.searched:
            return
        self.searched = text
        if not text:
            self.query_one("#scope-none", Label).display = False
            self.show_tree()
            return
        self.search(text)

    @work(thread=True, exclusive=True, group="scope-search", exit_on_error=False)
    def search(self, text: str) -> None:
        with self.ctx.sessions() as session:
            within = None if self.ctx.home is None else find_unit(session, self.ctx.home).id
            found = search_units(session, text, within)
        self.app.call_from_thread(self.show_found, text, found)

    def show_found(self, text: str, found: list[UnitView]) -> None:
        if text != self.searched:
            return  # the officer typed on: a newer search is coming
        tree = self.query_one(UnitTree)
        tree.clear()
        for unit in found:
            label = f"{unit.name} · {self.ctx.t(f'level.{unit.level}')} · {unit.code}"
            tree.root.add_leaf(label, unit)
        if found:
            tree.move_cursor(tree.root.children[0])
        none = self.query_one("#scope-none", Label)
        none.update(self.ctx.t("scope.none", text=text))
        none.display = not found

    @on(Input.Submitted, "#scope-search")
    def first_match(self) -> None:
        """Enter in the search line chooses the first match."""
        tree = self.query_one(UnitTree)
        if self.searched and tree.root.children:
            unit = tree.root.children[0].data
            if unit is not None:
                self.dismiss(unit.code)

    def on_key(self, event: events.Key) -> None:
        """↓ from the search line goes to the tree (its matches); a letter typed in the
        tree goes to the search line, so that typing searches wherever the cursor is."""
        search = self.query_one("#scope-search", Input)
        if event.key == "down" and self.focused is search:
            event.stop()
            self.query_one(UnitTree).focus()
        elif self.focused is not search and event.character and event.character.isalnum():
            event.stop()
            search.focus()
            search.insert_text_at_cursor(event.character)

    @on(Tree.NodeSelected, "#scope-tree")
    def chosen(self, event: Tree.NodeSelected[UnitView]) -> None:
        if event.node.data is not None:
            self.dismiss(event.node.data.code)

    def action_cancel(self) -> None:
        self.dismiss(None)
