"""Monthly reports: each team's deadline and state for a month, and what its report says."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Static

from tracker.clock import local_date
from tracker.hierarchy import find_unit
from tracker.monthly import MonthlyStatus, monthly_statuses
from tracker.periods import Period
from tracker.store.version import Version, data_version
from tui.screens.following import FollowingScreen
from tui.widgets.plain import PlainTable


class MonthlyScreen(FollowingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "month(-1)", "bind.prev"),
        Binding("right_square_bracket", "month(1)", "bind.next"),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "monthly": ("col.team:32", "col.due:10", "col.status:13", "col.sent:10"),
    }

    class Loaded(Message):
        def __init__(self, scope: str, statuses: list[MonthlyStatus], version: Version) -> None:
            super().__init__()
            self.scope = scope
            self.statuses = statuses
            self.version = version

    def __init__(self) -> None:
        super().__init__()
        self.month: Period | None = None
        self.statuses: dict[str, MonthlyStatus] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="monthly-header", classes="screen-title", markup=False)
        yield PlainTable(id="monthly", cursor_type="row", zebra_stripes=True)
        yield Static("", id="monthly-text", markup=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        if self.month is None:
            self.month = Period.month_of(self.ctx.today())
        self.load(self.month)

    def action_month(self, step: int) -> None:
        assert self.month is not None
        if step < 0:
            self.month = Period.month_of(self.month.start - timedelta(days=1))
        else:
            self.month = Period.month_of(self.month.end + timedelta(days=1))
        self.load(self.month)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, month: Period) -> None:
        ctx = self.ctx
        with ctx.sessions() as session:
            version = data_version(session)
            scope = find_unit(session, ctx.scope)
            found = monthly_statuses(session, scope, month, ctx.today(), ctx.settings.deadlines)
            name = scope.name
        self.post_fresh(self.Loaded(name, found, version))

    def on_monthly_screen_loaded(self, message: Loaded) -> None:
        t = self.ctx.t
        self.version = message.version
        counts = {state: 0 for state in ("on_time", "late", "missing", "not_yet_due")}
        for status in message.statuses:
            counts[str(status.state)] += 1
        summary = " · ".join(f"{t(f'report.{s}')} {n}" for s, n in counts.items())
        header = t("monthly.header", month=str(self.month), scope=message.scope)
        self.query_one("#monthly-header", Label).update(f"{header} · {summary}")
        self.statuses = {s.team: s for s in message.statuses}
        table = self.query_one("#monthly", DataTable)
        table.clear()
        for s in message.statuses:
            sent = "" if s.submitted_at is None else f"{local_date(s.submitted_at):%d/%m/%Y}"
            table.add_row(
                s.name, f"{s.deadline:%d/%m/%Y}", t(f"report.{s.state}"), sent, key=s.team
            )
        self.show_text(message.statuses[0].team if message.statuses else None)

    @on(DataTable.RowHighlighted, "#monthly")
    def team_chosen(self, event: DataTable.RowHighlighted) -> None:
        self.show_text(event.row_key.value)

    def show_text(self, team: str | None) -> None:
        t = self.ctx.t
        status = self.statuses.get(team or "")
        text = Text(end="")
        if status is not None and status.submitted_at is not None:
            # The sections are the team's own words: appended as text, never read as markup.
            for n, part in enumerate(("difficulties", "proposals", "good_practices")):
                text.append("\n" if n else "")
                text.append(f"{t(f'monthly.{part}')}:", style="bold")
                text.append(f" {getattr(status, part) or '–'}")
        elif status is not None:
            text.append(t("monthly.none", team=status.name))
        self.query_one("#monthly-text", Static).update(text)
