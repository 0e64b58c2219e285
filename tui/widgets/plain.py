"""Text from outside shown as it is: names, chat messages, report sections, store errors.

Textual reads a `str` given to a table cell or column, a tree node or a notification as
markup. A chat message holding `[/]` raises a MarkupError that ends the app, `[bold]` in
a team's name is swallowed, and `[@click=app.quit]` or `[link=…]` would become live.
The screens give such text to these instead (and pass markup=False to their labels and
statics), so that nothing the TUI did not write itself is ever read as markup.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


def plain(value: object) -> object:
    """A string as literal text; anything else (a number, a renderable) as it is.

    No wrapping, as the table does for a one-line row: the text is cut at the cell's
    width exactly as a string without markup would be.
    """
    return Text(value, end="", no_wrap=True) if isinstance(value, str) else value


def plain_text(value: str) -> Text:
    return Text(value, end="")


class PlainTable(DataTable[Any]):
    """A DataTable whose string cells and column labels are literal text, never markup."""

    def add_column(
        self,
        label: str | Text,
        *,
        width: int | None = None,
        key: str | None = None,
        default: Any = None,
    ) -> ColumnKey:
        shown = plain_text(label) if isinstance(label, str) else label
        return super().add_column(shown, width=width, key=key, default=default)

    def add_row(
        self,
        *cells: Any,
        height: int | None = 1,
        key: str | None = None,
        label: str | Text | None = None,
    ) -> RowKey:
        shown = plain_text(label) if isinstance(label, str) else label
        return super().add_row(*map(plain, cells), height=height, key=key, label=shown)

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: Any,
        *,
        update_width: bool = False,
    ) -> None:
        super().update_cell(row_key, column_key, plain(value), update_width=update_width)
