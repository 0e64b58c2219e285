"""Dashboard: the scope's ranking for one month, a daily chart, totals, overdue teams.

The ranking shows every team's score, its change since the month before (±, in points),
its achieved ÷ target per indicator and its monthly report, straight from the standing
service. `[` and `]` step through the months, as on the quota grid; on the first days of
a month (`[dashboard] previous_month_days`) it opens on the month before, the one the
officers are closing. The chart (counted values per day of the month, dated on its axis)
and the month before's scores load after the ranking, in their own workers, so the
ranking never waits for them. It reloads by itself when sync counts new reports
(FollowingScreen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Label

from tracker.hierarchy import find_team, find_unit, scope_team_ids
from tracker.periods import Period
from tracker.standing import Overdue, Standing, compute_standing, overdue_teams
from tracker.standing.daily import daily_values
from tracker.standing.model import StandingRow
from tracker.store.version import Version, data_version
from tui.screens.following import FollowingScreen
from tui.widgets.bars import DailyChart, bar, percent
from tui.widgets.export import ExportDialog, ExportRequest, write_request
from tui.widgets.plain import PlainTable
from tui.widgets.ranking import Cell, indicator_cells, next_sort, ranking_codes, visible_rows

# Fixed column widths of the ranking; the team's name takes what is left, within limits.
# The indicators come last: when there are too many for the width, they are the part
# that scrolls sideways; rank and name stay in place (fixed columns).
RANK, SCORE, DELTA, PERCENT, REPORT = 3, 5, 4, 5, 12
TEAM_MIN, TEAM_MAX = 24, 32
# The keys of the ranking's first columns; an indicator's column is keyed "ind:CODE".
FIXED_KEYS = ("rank", "name", "score", "delta", "report")
# Ranking rows in the table at first (more than any terminal shows), then added a page at
# a time as the cursor or the scroll comes within NEAR_END rows of the last one. The table
# measures every cell it holds: the root's 9,450 teams by 12 columns held the screen for
# seconds, and a search or a scope switch waited as long. Search and sort still see every
# team: they work on the standing's rows, not on the table's.
FIRST_ROWS, MORE_ROWS, NEAR_END = 50, 200, 20


def column_keys(codes: list[str]) -> list[str]:
    """The ranking's column keys, which are also the sorts their headers choose."""
    return [*FIXED_KEYS, *(f"ind:{code}" for code in codes)]


def opening_month(today: date, previous_month_days: int) -> Period:
    """The month the dashboard opens on: the one before on the first days of a month."""
    if today.day <= previous_month_days:
        return Period.month_of(today.replace(day=1) - timedelta(days=1))
    return Period.month_of(today)


def delta_text(now: float | None, before: float | None) -> str:
    """A score's change in points since the month before: "+12", "−3", "0"; "" if unknown."""
    if now is None or before is None:
        return ""
    points = round(now * 100) - round(before * 100)
    return f"+{points}" if points > 0 else f"−{-points}" if points < 0 else "0"


@dataclass(frozen=True)
class DashboardData:
    standing: Standing
    version: Version


@dataclass(frozen=True)
class Page:
    """The ranking rows not yet in the table: `rows[start:]` of ranking number `shown`."""

    rows: list[StandingRow]
    start: int
    shown: int


@dataclass(frozen=True)
class ChartData:
    indicator: str
    name: str
    values: list[int]
    last: date  # the day of the last value


class DashboardScreen(FollowingScreen):
    AUTO_FOCUS = "#ranking"  # not the search box, so that the number keys switch screens
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "bind.search"),
        Binding("o", "sort", "bind.sort"),
        Binding("i", "indicator", "bind.indicator"),
        Binding("x", "export", "bind.export"),
        Binding("left_square_bracket", "period(-1)", "bind.prev"),
        Binding("right_square_bracket", "period(1)", "bind.next"),
        Binding("u", "chart_scope", "bind.chart_scope", show=False),
        Binding("O", "reverse", "bind.reverse", show=False),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "totals": ("col.indicator:9", "col.done:10", "%:4", "col.bar:8"),
        "overdue": ("col.team:28", "col.late:4"),
    }

    class Loaded(Message):
        def __init__(self, data: DashboardData) -> None:
            super().__init__()
            self.data = data

    class OverdueLoaded(Message):
        """The overdue teams, loaded after the ranking so that it shows without them."""

        def __init__(self, period: Period, overdue: list[Overdue]) -> None:
            super().__init__()
            self.period = period
            self.overdue = overdue

    class Charted(Message):
        def __init__(self, chart: ChartData) -> None:
            super().__init__()
            self.chart = chart

    class Compared(Message):
        """The month before's scores, by team, for the ± column."""

        def __init__(self, month: str, scores: dict[str, float | None]) -> None:
            super().__init__()
            self.month = month
            self.scores = scores

    class Exported(Message):
        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StandingRow] = []
        self.codes: list[str] = []  # the indicators of the ranking's columns
        self.shown = 0  # how many rankings were shown: a newer one stops adding an older one
        self.chart_due = False
        self.keep: str | None = None  # the team under the cursor, kept across reloads
        self.sort = "rank"
        self.descending = False
        self.chart_team: str | None = None  # None: the whole scope
        self.chart_indicator: str | None = None
        self.period: Period | None = None  # the month shown; chosen on the first load
        self.before: dict[str, float | None] = {}  # the month before's scores, by team
        self.page: Page | None = None  # the ranking rows still to add, if any
        self.watching = False  # the ranking's scroll is watched (set on the first load)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="dash-header", classes="screen-title", markup=False)
        yield Input(placeholder=self.ctx.t("dash.search"), id="search", compact=True)
        # Rank and name stay in place when the indicators scroll sideways.
        yield PlainTable(id="ranking", cursor_type="row", zebra_stripes=True, fixed_columns=2)
        yield DailyChart(id="chart")
        with Horizontal(id="dash-bottom"):
            with Vertical():
                yield Label(self.ctx.t("dash.totals"), classes="section", markup=False)
                yield PlainTable(id="totals", cursor_type="row", show_cursor=False)
            with Vertical():
                yield Label(self.ctx.t("dash.overdue"), classes="section", markup=False)
                yield PlainTable(id="overdue", cursor_type="row", show_cursor=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        if self.loaded_scope != self.ctx.scope:
            self.chart_team = None  # a team of the old scope may not be in the new one
        super().reload()
        if self.period is None:
            self.period = opening_month(self.ctx.today(), self.ctx.settings.previous_month_days)
        self.shown += 1  # stop adding the rows of the ranking being replaced
        self.load(self.period)

    def action_period(self, step: int) -> None:
        """The month before or after; not past the current one, which has no data yet."""
        assert self.period is not None
        if step < 0:
            period = Period.month_of(self.period.start - timedelta(days=1))
        else:
            period = Period.month_of(self.period.end + timedelta(days=1))
        if period.start > self.ctx.today():
            return
        self.period, self.before = period, {}
        self.shown += 1
        self.load(period)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, period: Period) -> None:
        ctx = self.ctx
        today = ctx.today()
        deadlines = ctx.settings.deadlines
        with ctx.sessions() as session:
            # Read first: a change made while the standing is computed shows at the next check.
            version = data_version(session)
            scope = find_unit(session, ctx.scope)
            standing = compute_standing(session, scope, period, today, deadlines)
            self.post_fresh(self.Loaded(DashboardData(standing, version)))
            # The ranking is painted meanwhile: the root's overdue list takes 0.3-0.5 s.
            overdue = overdue_teams(session, scope.id, today, deadlines, period)
        self.post_fresh(self.OverdueLoaded(period, overdue))

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        t, standing = self.ctx.t, message.data.standing
        self.version = message.data.version
        self.query_one("#dash-header", Label).update(
            t(
                "dash.header",
                scope=standing.scope_name,
                period=str(standing.period),
                today=standing.as_of.strftime("%d/%m/%Y"),
            )
        )
        self.rows = list(standing.rows)
        self.codes = ranking_codes(standing)
        ranking = self.query_one("#ranking", DataTable)
        # The table's own columns say what it shows: an empty list of indicators is a
        # layout too (the first load of a month without quotas), not "nothing changed".
        if [key.value for key in ranking.columns] != column_keys(self.codes):
            self.add_ranking_columns()
        if self.chart_indicator not in self.codes:
            self.chart_indicator = self.codes[0] if self.codes else None
        self.chart_due = True  # drawn once every row is in: the ranking comes first
        if self.before and standing.period != self.period:
            self.before = {}
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

    def on_dashboard_screen_overdue_loaded(self, message: OverdueLoaded) -> None:
        if message.period != self.period:
            return  # another month is shown now
        overdue = self.query_one("#overdue", DataTable)
        overdue.clear()
        for item in message.overdue:
            overdue.add_row(item.name, f"{item.days_late}", key=item.team)
        if not message.overdue:
            overdue.add_row(self.ctx.t("dash.none_overdue"), "")

    def add_ranking_columns(self) -> None:
        t = self.ctx.t
        ranking = self.query_one("#ranking", DataTable)
        ranking.clear(columns=True)
        fixed = RANK + SCORE + DELTA + REPORT + PERCENT * len(self.codes)
        padding = 2 * ranking.cell_padding * (len(FIXED_KEYS) + len(self.codes))
        room = self.size.width - fixed - padding - 2  # the vertical scrollbar
        team = min(TEAM_MAX, max(TEAM_MIN, room))
        labels = [t("col.rank"), t("col.team"), t("col.score"), "±", t("col.report")]
        labels += self.codes
        widths = {"rank": RANK, "name": team, "score": SCORE, "delta": DELTA, "report": REPORT}
        for key, label in zip(column_keys(self.codes), labels, strict=True):
            ranking.add_column(label, width=widths.get(key, PERCENT), key=key)

    def show_ranking(self) -> None:
        query = self.query_one("#search", Input).value
        ranking = self.query_one("#ranking", DataTable)
        # The cursor stays on its team when the ranking is shown again (a refresh, a sort).
        if ranking.row_count and ranking.cursor_row >= 0:
            cell = ranking.coordinate_to_cell_key(ranking.cursor_coordinate)
            self.keep = cell.row_key.value
        self.page = None  # clearing scrolls the table: its watcher must add nothing
        ranking.clear()
        self.shown += 1
        if not self.watching:
            self.watching = True
            self.watch(ranking, "scroll_y", self.more_if_near, init=False)
        self.add_rows(visible_rows(self.rows, query, self.sort, self.descending), 0, self.shown)

    def add_rows(self, rows: list[StandingRow], start: int, shown: int) -> None:
        """Add the rows from `start`: a screenful first, then a page each time the officer
        comes near the end (more_if_near). The team kept under the cursor is added
        however far down it is. A newer ranking (`shown`) replaces the rows left over."""
        if shown != self.shown:
            return
        # No page while this one is added: moving the cursor to the kept team scrolls the
        # table, and the scroll's watcher (more_if_near) would add these rows a second time.
        self.page = None
        t = self.ctx.t
        ranking = self.query_one("#ranking", DataTable)
        end = start + (FIRST_ROWS if start == 0 else MORE_ROWS)
        if start == 0 and self.keep is not None:
            kept = next((i for i, row in enumerate(rows) if row.team == self.keep), -1)
            end = max(end, kept + NEAR_END)
        for row in rows[start:end]:
            report = t(f"report.{row.monthly_report}") if row.monthly_report else ""
            delta = delta_text(row.score, self.before.get(row.team))
            cells = [str(row.rank or ""), row.name, percent(row.score), delta, report]
            cells += indicator_cells(row, self.codes)
            ranking.add_row(*map(Cell, cells), key=row.team)
            if row.team == self.keep:
                ranking.move_cursor(row=ranking.row_count - 1, scroll=True)
        self.page = Page(rows, end, shown) if end < len(rows) else None
        if self.chart_due:  # after the first screenful, which they would slow down
            self.chart_due = False
            self.draw_chart()
            if not self.before and self.period is not None:
                self.compare(self.ctx.scope, self.period)

    @on(DataTable.RowHighlighted, "#ranking")
    def more_if_near(self) -> None:
        """The next page of the ranking, when the cursor or the scroll nears its end."""
        page = self.page
        if page is None or page.shown != self.shown:
            return
        ranking = self.query_one("#ranking", DataTable)
        last_seen = max(ranking.cursor_row, round(ranking.scroll_y) + ranking.size.height)
        if last_seen >= ranking.row_count - NEAR_END:
            self.add_rows(page.rows, page.start, page.shown)

    # The month before, for the ± column ---------------------------------------------

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def compare(self, scope_code: str, period: Period) -> None:
        before = Period.month_of(period.start - timedelta(days=1))
        ctx = self.ctx
        with ctx.sessions() as session:
            scope = find_unit(session, scope_code)
            standing = compute_standing(session, scope, before, ctx.today(), ctx.settings.deadlines)
        scores = {row.team: row.score for row in standing.rows}
        self.post_fresh(self.Compared(str(period), scores))

    def on_dashboard_screen_compared(self, message: Compared) -> None:
        if message.month != str(self.period) or not any(
            score is not None for score in message.scores.values()
        ):
            return  # another month is shown now, or the month before had no quota
        self.before = message.scores
        ranking = self.query_one("#ranking", DataTable)
        for row in self.rows:
            if row.team in ranking.rows:
                text = delta_text(row.score, self.before.get(row.team))
                ranking.update_cell(row.team, "delta", Cell(text))

    # The chart ----------------------------------------------------------------------

    def draw_chart(self) -> None:
        if self.chart_indicator is None:
            self.query_one(DailyChart).show(self.ctx.t("dash.no_chart"), [])
            return
        self.load_chart(self.ctx.scope, self.chart_team, self.chart_indicator)

    def chart_days(self) -> tuple[date, int]:
        """The chart's last day and how many days: the month shown, up to today."""
        assert self.period is not None
        last = min(self.ctx.today(), self.period.end)
        return last, (last - self.period.start).days + 1

    @work(thread=True, exclusive=True, group="chart", exit_on_error=False)
    def load_chart(self, scope_code: str, team_code: str | None, indicator: str) -> None:
        last, days = self.chart_days()
        with self.ctx.sessions() as session:
            if team_code is None:
                scope = find_unit(session, scope_code)
                team_ids, name = scope_team_ids(session, scope.id), scope.name
            else:
                team = find_team(session, team_code)
                team_ids, name = [team.id], team.name
            values = daily_values(session, team_ids, indicator, last, days)
        self.post_fresh(self.Charted(ChartData(indicator, name, values, last)))

    def on_dashboard_screen_charted(self, message: Charted) -> None:
        chart = message.chart
        # The code, as in the columns and the totals: a full name would not fit in 80 columns.
        caption = self.ctx.t(
            "dash.chart" if chart.last == self.ctx.today() else "dash.chart_month",
            indicator=chart.indicator,
            name=chart.name,
            days=len(chart.values),
            total=sum(chart.values),
            today=chart.values[-1] if chart.values else 0,
            period=str(Period.month_of(chart.last)),
        )
        first = chart.last - timedelta(days=len(chart.values) - 1)
        self.query_one(DailyChart).show(caption, chart.values, first)

    @on(DataTable.RowSelected, "#ranking")
    def team_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a team charts it; Enter on the charted team goes back to the scope."""
        team = event.row_key.value
        self.chart_team = None if team == self.chart_team else team
        self.draw_chart()

    def action_chart_scope(self) -> None:
        self.chart_team = None
        self.draw_chart()

    def action_indicator(self) -> None:
        if not self.codes:
            return
        current = self.codes.index(self.chart_indicator) if self.chart_indicator else -1
        self.chart_indicator = self.codes[(current + 1) % len(self.codes)]
        self.draw_chart()

    # Search and sort ----------------------------------------------------------------

    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        self.show_ranking()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one("#ranking", DataTable).focus()

    @on(DataTable.HeaderSelected, "#ranking")
    def header_chosen(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
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

    # Export -------------------------------------------------------------------------

    def action_export(self) -> None:
        month = self.period or Period.month_of(self.ctx.today())
        dialog = ExportDialog(self.ctx, self.ctx.scope, str(month))

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self.export(request)

        self.app.push_screen(dialog, done)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, request: ExportRequest) -> None:
        teams = write_request(self.ctx, request)
        self.post_message(self.Exported(self.ctx.t("export.done", path=request.path, teams=teams)))

    def on_dashboard_screen_exported(self, message: Exported) -> None:
        self.notify(message.note)
