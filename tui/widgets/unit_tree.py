"""A tree of units that loads one level at a time, as branches open (province scale)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import NodeID, TreeNode

from tracker.maps.unit_history import UnitHistory
from tracker.roster import UnitView, child_units
from tui.context import TuiContext
from tui.widgets.failures import ReportsWorkerFailures
from tui.widgets.plain import plain_text


class UnitTree(ReportsWorkerFailures, Tree[UnitView]):
    DEFAULT_CSS = """
    UnitTree { width: 34; border-right: solid $primary-darken-2; }
    """

    class Children(Message):
        def __init__(self, node_id: NodeID | None, units: list[UnitView]) -> None:
            super().__init__()
            self.node_id = node_id
            self.units = units

    def __init__(self, ctx: TuiContext, id: str | None = None) -> None:
        super().__init__("●", id=id)
        self.ctx = ctx
        self.show_root = False
        self.guide_depth = 2
        self.path: list[str] = []  # codes from the top to the unit to show again (`r`)

    wanted: str | None = None  # the code to put the cursor on once its branch is back
    reloaded = False  # the branch being read again was changed by the officer
    at: date | None = None  # the day whose map is shown; None: today

    def load_roots(self) -> None:
        """Read the tree again from the top, back to the unit under the cursor (`r`)."""
        self.path = []
        node = self.cursor_node
        while node is not None and node.data is not None:
            self.path.insert(0, node.data.code)
            node = node.parent
        self.clear()
        self.fetch(None)

    def find(self, code: str) -> TreeNode[UnitView] | None:
        """The loaded node of the unit with this code, if its branch was opened."""
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data is not None and node.data.code == code:
                return node
            stack.extend(node.children)
        return None

    def reload_branch(self, code: str | None, select: str | None = None) -> None:
        """Read the children of `code` (the top units if None) again, after a change."""
        node = self.root if code is None else self.find(code)
        if node is None:
            return  # never opened: it is read when it is
        self.wanted, self.reloaded = select, True
        self.fetch(None if node is self.root else node.id)

    def label_for(self, unit: UnitView) -> Text:
        """The unit's name as it is (a Tree reads a str label as markup). Only the name:
        with its households beside it, a third of the names were cut at 80 columns (more
        in English); the unit's line beside the tree gives them."""
        return plain_text(unit.name)

    @work(thread=True, exit_on_error=False)
    def fetch(self, node_id: NodeID | None) -> None:
        parent = None if node_id is None else self.get_node_by_id(node_id).data
        with self.ctx.sessions() as session:
            units = child_units(session, None if parent is None else parent.id, self.at)
        self.post_message(self.Children(node_id, units))

    @on(Children)
    def add_children(self, message: Children) -> None:
        message.stop()
        node: TreeNode[UnitView] = (
            self.root if message.node_id is None else self.get_node_by_id(message.node_id)
        )
        node.remove_children()
        for unit in message.units:
            node.add(self.label_for(unit), unit, allow_expand=unit.children > 0)
        node.allow_expand = bool(message.units)
        node.expand()
        if self.path and self.wanted is None:  # on the way back to where the cursor was
            self.wanted = self.path.pop(0)
        chosen = next((n for n in node.children if n.data and n.data.code == self.wanted), None)
        _ = self.last_line  # lay the lines out now: moving the cursor needs the new ones
        if chosen is not None:
            self.move_cursor(chosen)
            if self.path:
                chosen.expand()  # its children are read, and the path goes on there
                if chosen.children:
                    self.path = []  # already loaded: the place is found
        elif message.node_id is None and node.children:
            self.path = []  # the unit is gone: start from the top
            self.move_cursor(node.children[0])
            node.children[0].expand()
        if self.reloaded and self.cursor_node is not None:
            # After a change the cursor's line may hold another node: say which it is.
            self.post_message(self.NodeHighlighted(self.cursor_node))
        self.wanted, self.reloaded = None, False

    @on(Tree.NodeExpanded)
    def expanded(self, event: Tree.NodeExpanded[UnitView]) -> None:
        if event.node.data is not None and not event.node.children:
            self.fetch(event.node.id)


def history_lines(history: UnitHistory, t: Callable[..., str]) -> list[str]:
    """A unit's dates and history as its detail shows them: nothing for a unit that has
    always been as it is."""
    lines = []
    if history.valid_from is not None or history.valid_to is not None:
        start = history.valid_from.isoformat() if history.valid_from else t("hier.always")
        end = last_day(history.valid_to) if history.valid_to else t("hier.still")
        lines.append(t("hier.span", start=start, end=end))
    if history.earlier_names:
        names = ", ".join(
            f"{n.name} ({n.valid_from.isoformat() if n.valid_from else '…'} – "
            f"{last_day(n.valid_to)})"
            for n in history.earlier_names
        )
        lines.append(t("hier.renamed_from", names=names))
    if history.formed_from:
        units = ", ".join(f"{code} {name}".strip() for code, name in history.formed_from)
        lines.append(t("hier.formed_from", units=units))
    if history.merged_into:
        units = ", ".join(f"{code} {name}".strip() for code, name in history.merged_into)
        lines.append(t("hier.merged_into", units=units))
    return lines


def last_day(valid_to: date | None) -> str:
    """The last day a row holds: the day before its (exclusive) end."""
    return "…" if valid_to is None else (valid_to - timedelta(days=1)).isoformat()
