"""A one-line editor laid over one cell of a DataTable: Enter submits, Escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input


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

    def open(self, table: DataTable[str], cell: Coordinate, text: str) -> None:
        """Show over `cell` of `table` (whose screen position it computes), holding `text`."""
        region = table._get_cell_region(cell)  # in the table's scrolled content
        x = table.region.x - self.screen.region.x + region.x - int(table.scroll_x)
        y = table.region.y - self.screen.region.y + region.y - int(table.scroll_y)
        self.styles.offset = (x, y)
        self.styles.width = max(region.width, 10)
        self.cell = cell
        self.value = text
        self.display = True
        self.focus()
        self.select_all()

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
