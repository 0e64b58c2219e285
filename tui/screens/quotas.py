"""Quotas: every team's targets under the scope for one period, each editable (and audited)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from tracker.hierarchy import find_unit
from tracker.periods import Period
from tracker.quotas import QuotaView, allocate_total, copy_quotas, list_quotas, set_quota
from tui.screens.base import TrackerScreen
from tui.widgets.dialogs import TextPrompt
from tui.widgets.form import Field, FormDialog


class QuotasScreen(TrackerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "edit", "bind.edit"),
        Binding("a", "allocate", "bind.allocate"),
        Binding("c", "copy", "bind.copy"),
        Binding("left_square_bracket", "period(-1)", "bind.prev"),
        Binding("right_square_bracket", "period(1)", "bind.next"),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "quotas": ("col.team:30", "col.indicator:9", "col.target:8", "col.resolved:8"),
    }

    class Loaded(Message):
        def __init__(self, scope: str, quotas: list[QuotaView]) -> None:
            super().__init__()
            self.scope = scope
            self.quotas = quotas

    class Saved(Message):
        def __init__(self, quota: QuotaView) -> None:
            super().__init__()
            self.quota = quota

    class Changed(Message):
        """Many quotas changed at once; `note` says what happened."""

        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    def __init__(self) -> None:
        super().__init__()
        self.period: Period | None = None
        self.quotas: dict[str, QuotaView] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="quota-header", classes="screen-title")
        yield DataTable(id="quotas", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        if self.period is None:
            self.period = Period.month_of(self.ctx.today())
        self.load(self.period)

    def action_period(self, step: int) -> None:
        assert self.period is not None
        if step < 0:
            self.period = Period.month_of(self.period.start - timedelta(days=1))
        else:
            self.period = Period.month_of(self.period.end + timedelta(days=1))
        self.load(self.period)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, period: Period) -> None:
        with self.ctx.sessions() as session:
            scope = find_unit(session, self.ctx.scope)
            quotas = list_quotas(session, scope, period)
            name = scope.name
        self.post_message(self.Loaded(name, quotas))

    def on_quotas_screen_loaded(self, message: Loaded) -> None:
        t = self.ctx.t
        header = t("quota.header", period=str(self.period), scope=message.scope)
        self.query_one("#quota-header", Label).update(header)
        table = self.query_one("#quotas", DataTable)
        row = table.cursor_row
        table.clear()
        self.quotas = {}
        previous = None
        for quota in message.quotas:
            key = f"{quota.team}/{quota.indicator}"
            self.quotas[key] = quota
            name = "" if quota.team == previous else quota.team_name
            previous = quota.team
            table.add_row(name, quota.indicator, quota.target, str(quota.resolved), key=key)
        if message.quotas:
            table.move_cursor(row=min(row, len(message.quotas) - 1))

    def action_edit(self) -> None:
        table = self.query_one("#quotas", DataTable)
        if not self.quotas or table.cursor_row < 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        quota = self.quotas.get(key or "")
        if quota is None:
            return
        question = self.ctx.t("quota.prompt", indicator=quota.indicator, team=quota.team_name)
        prompt = TextPrompt(question, quota.target, self.ctx.t("ok"), self.ctx.t("cancel"))

        def done(answer: str | None) -> None:
            if answer and answer != quota.target:
                self.save(quota, answer)

        self.app.push_screen(prompt, done)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def save(self, quota: QuotaView, target: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            saved = set_quota(
                session,
                quota.team,
                quota.indicator,
                Period.parse(quota.period),
                target,
                self.ctx.officer,
            )
        self.post_message(self.Saved(saved))

    def on_quotas_screen_saved(self, message: Saved) -> None:
        quota = message.quota
        self.notify(
            self.ctx.t(
                "quota.saved",
                team=quota.team_name,
                indicator=quota.indicator,
                target=quota.target,
                resolved=quota.resolved,
            )
        )
        self.reload()

    def action_allocate(self) -> None:
        t = self.ctx.t
        table = self.query_one("#quotas", DataTable)
        indicator = ""
        if self.quotas and table.cursor_row >= 0:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            indicator = self.quotas[key or ""].indicator if key in self.quotas else ""
        fields = [
            Field("indicator", t("col.indicator"), indicator),
            Field("total", t("quota.total"), integer=True),
        ]
        title = t("quota.allocate", period=str(self.period))
        dialog = FormDialog(title, fields, t("ok"), t("cancel"))

        def done(answers: dict[str, str] | None) -> None:
            if answers and self.period is not None:
                self.allocate(answers["indicator"], int(answers["total"]), self.period)

        self.app.push_screen(dialog, done)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def allocate(self, indicator: str, total: int, period: Period) -> None:
        with self.ctx.sessions() as session, session.begin():
            scope = find_unit(session, self.ctx.scope)
            parts = allocate_total(session, scope, indicator, period, total, self.ctx.officer)
        note = self.ctx.t("quota.allocated", total=sum(q.resolved for q in parts), teams=len(parts))
        self.post_message(self.Changed(note))

    def action_copy(self) -> None:
        assert self.period is not None
        self.copy(Period.month_of(self.period.start - timedelta(days=1)), self.period)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def copy(self, source: Period, target: Period) -> None:
        with self.ctx.sessions() as session, session.begin():
            scope = find_unit(session, self.ctx.scope)
            copied, kept = copy_quotas(session, scope, source, target, self.ctx.officer)
        note = self.ctx.t("quota.copied", copied=copied, kept=kept, source=str(source))
        self.post_message(self.Changed(note))

    def on_quotas_screen_changed(self, message: Changed) -> None:
        self.notify(message.note)
        self.reload()
