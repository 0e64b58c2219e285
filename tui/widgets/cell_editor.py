"""A one-line editor laid over one cell of a DataTable: Enter submits, Escape cancels.

It moves with the cell when the table scrolls (a mouse wheel while typing), and is
cancelled when the cell scrolls out of sight, so it never floats over another one."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input

from tui.textual_private import cell_region


class CellEditor(Input):
    DEFAULT_CSS = """
    CellEditor {
        position: absolute; display: none; height: 1; border: none; padding: 0;
        background: $accent-darken-2; color: $text;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Esc", show=False)]

    class Cancelled(Message):
        pass

    def __init__(self, id: str | None = None) -> None:
        super().__init__(compact=True, id=id)
        self.cell: Coordinate | None = None
        self.table: DataTable[str] | None = None

    def open(self, table: DataTable[str], cell: Coordinate, text: str) -> None:
        """Show over `cell` of `table` (whose screen position it computes), holding `text`."""
        if self.table is not table:
            self.table = table
            self.watch(table, "scroll_x", self._follow, init=False)
            self.watch(table, "scroll_y", self._follow, init=False)
        self.cell = cell
        self._place()
        self.value = text
        self.display = True
        self.focus()
        self.select_all()

    def _place(self) -> bool:
        """Lay the editor over its cell; False when the cell is out of the table's view."""
        table, cell = self.table, self.cell
        assert table is not None and cell is not None
        region = cell_region(table, cell)  # in the table's scrolled content
        x = region.x - int(table.scroll_x)
        y = region.y - int(table.scroll_y)
        top = table.header_height if table.show_header else 0
        if not (top <= y < table.size.height and 0 <= x < table.size.width):
            return False
        self.styles.offset = (
            table.region.x - self.screen.region.x + x,
            table.region.y - self.screen.region.y + y,
        )
        self.styles.width = max(region.width, 10)
        return True

    def _follow(self) -> None:
        if self.display and self.cell is not None and not self._place():
            self.action_cancel()

    def close(self) -> None:
        self.display = False
        self.cell = None

    def on_blur(self) -> None:
        # Focus gone elsewhere (a click, an error dialog): leave the cell as it was.
        if self.display:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled())
