"""The audit log of the current scope: who (account and name), when, what, before → after,
and the refused attempts, newest first. It reads only."""

from __future__ import annotations

import json
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from tracker.hierarchy import find_unit
from tracker.officers.audit_log import AuditRow, read_audit
from tui.screens.base import TrackerScreen
from tui.widgets.plain import PlainTable

SHOWN = 200  # the newest entries; `tracker audit` reads further back


class AuditScreen(TrackerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "bind.refresh", show=False),
        Binding("escape", "close", "bind.close"),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "audit": ("col.when:16", "col.who:22", "col.what:24", "col.change:40"),
    }

    class Loaded(Message):
        def __init__(self, scope: str, rows: list[AuditRow]) -> None:
            super().__init__()
            self.scope = scope
            self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="audit-header", classes="screen-title", markup=False)
        yield PlainTable(id="audit", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.ctx.sessions() as session:
            unit = find_unit(session, self.ctx.scope)
            rows = read_audit(session, scope_id=unit.id, limit=SHOWN)
        self.post_fresh(self.Loaded(unit.name, rows))

    def on_audit_screen_loaded(self, message: Loaded) -> None:
        t = self.ctx.t
        header = (
            t("audit.header", scope=message.scope, n=len(message.rows))
            if message.rows
            else t("audit.empty", scope=message.scope)
        )
        self.query_one("#audit-header", Label).update(header)
        table = self.query_one("#audit", DataTable)
        table.clear()
        for row in message.rows:
            what = f"{row.action} {row.entity} {row.key}"
            if row.refused:
                what = f"{t('audit.refused')} {what}"
            change = f"{_brief(row.before)} → {_brief(row.after)}"
            table.add_row(row.at.strftime("%Y-%m-%d %H:%M"), row.who(), what, change)

    def action_close(self) -> None:
        self.app.pop_screen()


def _brief(value: object) -> str:
    return "∅" if value is None else json.dumps(value, ensure_ascii=False, default=str)
