"""Dashboard: the scope's ranking for the current month, totals per indicator, overdue teams."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from tracker.hierarchy import find_unit
from tracker.periods import Period
from tracker.standing import Overdue, Standing, compute_standing, overdue_teams
from tui.screens.base import TrackerScreen
from tui.widgets.bars import bar, percent


@dataclass(frozen=True)
class DashboardData:
    standing: Standing
    overdue: list[Overdue]


class DashboardScreen(TrackerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "refresh", "bind.refresh", show=False)]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "ranking": ("col.rank:3", "col.team:32", "col.score:5", "col.bar:10", "col.report:12"),
        "totals": ("col.indicator:8", "col.done:9", "%:4", "col.bar:8"),
        "overdue": ("col.team:28", "col.late:4"),
    }

    class Loaded(Message):
        def __init__(self, data: DashboardData) -> None:
            super().__init__()
            self.data = data

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="dash-header", classes="screen-title")
        yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="dash-bottom"):
            with Vertical():
                yield Label(self.ctx.t("dash.totals"), classes="section")
                yield DataTable(id="totals", cursor_type="row", show_cursor=False)
            with Vertical():
                yield Label(self.ctx.t("dash.overdue"), classes="section")
                yield DataTable(id="overdue", cursor_type="row", show_cursor=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        ctx = self.ctx
        today = ctx.today()
        with ctx.sessions() as session:
            scope = find_unit(session, ctx.scope)
            standing = compute_standing(
                session, scope, Period.month_of(today), today, ctx.settings.deadlines
            )
            overdue = overdue_teams(session, scope.id, today, ctx.settings.deadlines)
        self.post_message(self.Loaded(DashboardData(standing, overdue)))

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        t, standing = self.ctx.t, message.data.standing
        self.query_one("#dash-header", Label).update(
            t(
                "dash.header",
                scope=standing.scope_name,
                period=str(standing.period),
                today=standing.as_of.strftime("%d/%m/%Y"),
            )
        )
        ranking = self.query_one("#ranking", DataTable)
        ranking.clear()
        for row in standing.rows:
            report = t(f"report.{row.monthly_report}") if row.monthly_report else ""
            ranking.add_row(
                str(row.rank or ""),
                row.name,
                percent(row.score),
                bar(row.score),
                report,
                key=row.team,
            )
        totals = self.query_one("#totals", DataTable)
        totals.clear()
        for code, progress in standing.totals.items():
            totals.add_row(
                code,
                f"{progress.achieved}/{progress.target}",
                percent(progress.ratio),
                bar(progress.ratio, 8),
                key=code,
            )
        overdue = self.query_one("#overdue", DataTable)
        overdue.clear()
        for item in message.data.overdue:
            overdue.add_row(item.name, f"{item.days_late}", key=item.team)
        if not message.data.overdue:
            overdue.add_row(t("dash.none_overdue"), "")
