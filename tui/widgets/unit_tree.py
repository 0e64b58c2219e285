"""A tree of units that loads one level at a time, as branches open (province scale)."""

from __future__ import annotations

from textual import on, work
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import NodeID, TreeNode

from tracker.roster import UnitView, child_units
from tui.context import TuiContext
from tui.widgets.failures import ReportsWorkerFailures


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

    def load_roots(self) -> None:
        self.clear()
        self.fetch(None)

    def label_for(self, unit: UnitView) -> str:
        if unit.households is None:
            return unit.name
        count = f"{unit.households:,}".replace(",", "." if self.ctx.language == "vi" else ",")
        return f"{unit.name} ({self.ctx.t('hier.households', n=count)})"

    @work(thread=True, exit_on_error=False)
    def fetch(self, node_id: NodeID | None) -> None:
        parent = None if node_id is None else self.get_node_by_id(node_id).data
        with self.ctx.sessions() as session:
            units = child_units(session, None if parent is None else parent.id)
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
        node.expand()
        if message.node_id is None and node.children:
            self.move_cursor(node.children[0])
            node.children[0].expand()

    @on(Tree.NodeExpanded)
    def expanded(self, event: Tree.NodeExpanded[UnitView]) -> None:
        if event.node.data is not None and not event.node.children:
            self.fetch(event.node.id)
