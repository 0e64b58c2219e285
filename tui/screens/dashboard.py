"""Dashboard: the scope's ranking for the current month, totals per indicator, overdue teams."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Label

from tracker.hierarchy import find_unit
from tracker.periods import Period
from tracker.standing import Overdue, Standing, compute_standing, overdue_teams
from tracker.standing.model import StandingRow
from tui.screens.base import TrackerScreen
from tui.widgets.bars import bar, percent
from tui.widgets.ranking import next_sort, visible_rows


@dataclass(frozen=True)
class DashboardData:
    standing: Standing
    overdue: list[Overdue]


class DashboardScreen(TrackerScreen):
    AUTO_FOCUS = "#ranking"  # not the search box, so that the number keys switch screens
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "bind.search"),
        Binding("o", "sort", "bind.sort"),
        Binding("O", "reverse", "bind.reverse", show=False),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "ranking": ("col.rank:3", "col.team:32", "col.score:5", "col.bar:10", "col.report:12"),
        "totals": ("col.indicator:8", "col.done:9", "%:4", "col.bar:8"),
        "overdue": ("col.team:28", "col.late:4"),
    }

    class Loaded(Message):
        def __init__(self, data: DashboardData) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StandingRow] = []
        self.sort = "rank"
        self.descending = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="dash-header", classes="screen-title")
        yield Input(placeholder=self.ctx.t("dash.search"), id="search", compact=True)
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
        self.rows = list(standing.rows)
        self.show_ranking()
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

    def show_ranking(self) -> None:
        t = self.ctx.t
        query = self.query_one("#search", Input).value
        ranking = self.query_one("#ranking", DataTable)
        ranking.clear()
        for row in visible_rows(self.rows, query, self.sort, self.descending):
            report = t(f"report.{row.monthly_report}") if row.monthly_report else ""
            ranking.add_row(
                str(row.rank or ""),
                row.name,
                percent(row.score),
                bar(row.score),
                report,
                key=row.team,
            )

    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        self.show_ranking()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one("#ranking", DataTable).focus()

    @on(DataTable.HeaderSelected, "#ranking")
    def header_chosen(self, event: DataTable.HeaderSelected) -> None:
        column = {0: "rank", 1: "name", 2: "score", 3: "score", 4: "report"}[event.column_index]
        self.descending = not self.descending if column == self.sort else False
        self.sort = column
        self.show_ranking()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_sort(self) -> None:
        self.sort, self.descending = next_sort(self.sort), False
        self.notify(self.ctx.t("dash.sorted", by=self.ctx.t(f"sort.{self.sort}")))
        self.show_ranking()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.show_ranking()
