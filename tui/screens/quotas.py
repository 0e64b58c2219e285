"""Quotas: a grid of the teams under the scope against the indicators, for one period.

Enter (or e) on a cell opens an editor over it: a count (`120`) or a share (`30%`), Enter
saves (audited), Escape cancels; the cell then shows the resolved target. A target that
cannot be set is refused in one line and nothing is saved. `i` imports a quota file.
`a` allocates a total over the teams, previewed first (AllocationDialog); ctrl+z undoes
the screen's last change (a cell, an allocation, a copy) with audit entries of its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Label

from tracker.errors import FieldError, UserError
from tracker.hierarchy import find_unit
from tracker.imports import ImportFailed, import_file
from tracker.officers.errors import NotAllowed
from tracker.officers.refusals import record_refusal
from tracker.periods import Period
from tracker.quota_undo import QuotaEdit, edits_of, undo_quota_edits
from tracker.quotas import (
    AllocationPlan,
    QuotaGrid,
    QuotaView,
    apply_allocation,
    copy_quotas,
    parse_target,
    plan_allocation,
    quota_grid,
    set_quota,
)
from tui.screens.base import TrackerScreen
from tui.widgets.allocation import AllocationDialog
from tui.widgets.cell_editor import CellEditor
from tui.widgets.form import Field
from tui.widgets.plain import PlainTable
from tui.widgets.saving import SavingForm

TEAM_WIDTH = 26
CELL_WIDTH = 8


class QuotasScreen(TrackerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "bind.edit", show=False),  # Enter edits too: the hint says so
        Binding("a", "allocate", "bind.allocate"),
        Binding("c", "copy", "bind.copy"),
        Binding("i", "import_file", "bind.import"),
        Binding("ctrl+z", "undo", "bind.undo", show=False),  # the footer is full: `?` lists it
        Binding("left_square_bracket", "period(-1)", "bind.prev"),
        Binding("right_square_bracket", "period(1)", "bind.next"),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]

    class Loaded(Message):
        def __init__(self, scope: str, grid: QuotaGrid) -> None:
            super().__init__()
            self.scope = scope
            self.grid = grid

    class Saved(Message):
        def __init__(self, quota: QuotaView) -> None:
            super().__init__()
            self.quota = quota

    class Refused(Message):
        """A target the store would not take; shown in one line, nothing saved."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Changed(Message):
        """Many quotas changed at once; `note` says what happened, `edits` how to undo it
        (None: the change cannot be undone here, as an import)."""

        def __init__(self, note: str, edits: list[QuotaEdit] | None = None) -> None:
            super().__init__()
            self.note = note
            self.edits = edits

    def __init__(self) -> None:
        super().__init__()
        self.period: Period | None = None
        self.grid = QuotaGrid([], [], {})
        self.last_change: list[QuotaEdit] = []  # what ctrl+z puts back

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="quota-header", classes="screen-title", markup=False)
        # The team column stays in place when the indicators scroll sideways.
        yield PlainTable(id="quotas", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield Label("", id="quota-cell", classes="section", markup=False)
        yield Label("", id="quota-problem", markup=False)
        yield CellEditor(id="cell-editor")
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
            grid = quota_grid(session, scope, period)
            name = scope.name
        self.post_fresh(self.Loaded(name, grid))

    def on_quotas_screen_loaded(self, message: Loaded) -> None:
        t, grid = self.ctx.t, message.grid
        header = t("quota.header", period=str(self.period), scope=message.scope)
        self.query_one("#quota-header", Label).update(header)
        table = self.query_one("#quotas", DataTable)
        where = table.cursor_coordinate
        columns = [code for code, _ in grid.indicators]
        # Compared whole, team column included: a store with no indicator yet is a layout
        # too, and its team column must still be added.
        if [str(key.value) for key in table.columns] != ["", *columns]:
            table.clear(columns=True)
            table.add_column(t("col.team"), width=TEAM_WIDTH, key="")
            for code in columns:
                table.add_column(code, width=CELL_WIDTH, key=code)
        else:
            table.clear()
        self.grid = grid
        for team, name in grid.teams:
            shown = [self.cell_text(team, code) for code in columns]
            table.add_row(name, *shown, key=team)
        if grid.teams:
            row = min(where.row, len(grid.teams) - 1)
            table.move_cursor(row=row, column=max(where.column, 1 if columns else 0))
        self.describe()

    def cell_text(self, team: str, indicator: str) -> str:
        quota = self.grid.cells.get((team, indicator))
        return "–" if quota is None else str(quota.resolved)

    def chosen(self) -> tuple[str, str] | None:
        """(team, indicator) of the cell under the cursor, if it is a quota cell."""
        table = self.query_one("#quotas", DataTable)
        if not table.row_count or table.cursor_column < 1:
            return None
        keys = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(keys.row_key.value), str(keys.column_key.value)

    @on(DataTable.CellHighlighted, "#quotas")
    def describe(self) -> None:
        """One line under the grid: the cell's team, indicator, target as typed and resolved."""
        t, cell = self.ctx.t, self.chosen()
        line = ""
        if cell is not None:
            team, indicator = cell
            names = dict(self.grid.teams), dict(self.grid.indicators)
            quota = self.grid.cells.get(cell)
            target = t("quota.unset") if quota is None else f"{quota.target} → {quota.resolved}"
            line = f"{names[0].get(team, team)} · {indicator} ({names[1].get(indicator, '')}): "
            line += target
        self.query_one("#quota-cell", Label).update(line)

    @on(DataTable.CellSelected, "#quotas")
    def action_edit(self) -> None:
        cell = self.chosen()
        if cell is None:
            return
        quota = self.grid.cells.get(cell)
        table = self.query_one("#quotas", DataTable)
        editor = self.query_one(CellEditor)
        self.query_one("#quota-problem", Label).update(self.ctx.t("quota.edit_hint"))
        editor.open(table, table.cursor_coordinate, "" if quota is None else quota.target)

    @on(Input.Submitted, "#cell-editor")
    def submitted(self, event: Input.Submitted) -> None:
        editor = self.query_one(CellEditor)
        cell, coordinate = self.chosen(), editor.cell
        text = event.value.strip()
        if cell is None or coordinate is None or self.period is None:
            return
        try:
            parse_target(text)
        except UserError as error:
            self.refuse(error.text(self.ctx.language))
            return  # the editor stays open to be corrected, or Escaped
        editor.close()
        self.query_one("#quotas", DataTable).focus()
        quota = self.grid.cells.get(cell)
        if quota is not None and quota.target == text:
            self.query_one("#quota-problem", Label).update("")
            return
        self.save(cell[0], cell[1], self.period, text)

    @on(CellEditor.Cancelled)
    def cancelled(self) -> None:
        self.query_one("#quota-problem", Label).update("")
        self.query_one("#quotas", DataTable).focus()

    def refuse(self, reason: str) -> None:
        self.query_one("#quota-problem", Label).update(f"✗ {reason}")

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def save(self, team: str, indicator: str, period: Period, target: str) -> None:
        try:
            with self.ctx.sessions() as session, session.begin():
                saved = set_quota(session, team, indicator, period, target, self.ctx.officer)
        except UserError as error:
            self.post_message(self.Refused(error.text(self.ctx.language)))
            return
        self.post_message(self.Saved(saved))

    def on_quotas_screen_refused(self, message: Refused) -> None:
        self.refuse(message.reason)

    def on_quotas_screen_saved(self, message: Saved) -> None:
        quota = message.quota
        saved = self.ctx.t(
            "quota.saved",
            team=quota.team_name,
            indicator=quota.indicator,
            target=quota.target,
            resolved=quota.resolved,
        )
        self.query_one("#quota-problem", Label).update(saved)
        self.last_change = edits_of([quota])
        self.grid.cells[(quota.team, quota.indicator)] = quota
        table = self.query_one("#quotas", DataTable)
        table.update_cell(quota.team, quota.indicator, str(quota.resolved))
        self.describe()

    def action_allocate(self) -> None:
        t, period = self.ctx.t, self.period
        assert period is not None
        cell = self.chosen()

        def plan(indicator: str, total: str, replace: bool) -> AllocationPlan:
            with self.ctx.sessions() as session:
                scope = find_unit(session, self.ctx.scope)
                return plan_allocation(session, scope, indicator, period, total, replace)

        def write(chosen: AllocationPlan) -> list[QuotaView]:
            try:
                with self.ctx.sessions() as session, session.begin():
                    scope = find_unit(session, self.ctx.scope)
                    return apply_allocation(session, scope, chosen, self.ctx.officer)
            except NotAllowed as refused:  # the attempt is audited, the dialog says why
                record_refusal(self.ctx.sessions, refused)
                raise

        title = t("quota.allocate", period=str(period))
        dialog = AllocationDialog(t, self.ctx.language, title, cell[1] if cell else "", plan, write)

        def done(written: list[QuotaView] | None) -> None:
            if written is not None:
                note = t(
                    "quota.allocated", total=sum(q.resolved for q in written), teams=len(written)
                )
                self.post_message(self.Changed(note, edits_of(written)))

        self.app.push_screen(dialog, done)

    def action_copy(self) -> None:
        assert self.period is not None
        self.copy(Period.month_of(self.period.start - timedelta(days=1)), self.period)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def copy(self, source: Period, target: Period) -> None:
        with self.ctx.sessions() as session, session.begin():
            scope = find_unit(session, self.ctx.scope)
            copied = copy_quotas(session, scope, source, target, self.ctx.officer)
        note = self.ctx.t(
            "quota.copied", copied=copied.copied, kept=copied.kept, source=str(source)
        )
        self.post_message(self.Changed(note, edits_of(copied.quotas)))

    def action_undo(self) -> None:
        if not self.last_change:
            self.refuse(self.ctx.t("undo.nothing"))
            return
        self.undo(self.last_change)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def undo(self, edits: list[QuotaEdit]) -> None:
        try:
            with self.ctx.sessions() as session, session.begin():
                scope = find_unit(session, self.ctx.scope)
                undone = undo_quota_edits(session, scope, edits, self.ctx.officer)
        except UserError as error:
            if isinstance(error, NotAllowed):
                record_refusal(self.ctx.sessions, error)
            self.post_message(self.Refused(error.text(self.ctx.language)))
            return
        self.post_message(self.Changed(self.ctx.t("quota.undone", n=undone), []))

    def action_import_file(self) -> None:
        """A quota file, all its rows or none. Refused, the dialog stays with the path
        typed and the reasons under it, to correct the file and try again."""
        t = self.ctx.t
        fields = [Field("path", t("quota.import_path"))]
        dialog = SavingForm(
            self.ctx, t("quota.import_prompt"), fields, self.import_quotas, self.imported
        )
        self.app.push_screen(dialog)

    def import_quotas(self, answers: dict[str, str]) -> str:
        """The `tracker import quotas` path (the form's worker); what it wrote, in words."""
        settings = replace(self.ctx.settings, language=self.ctx.language)
        path = Path(answers["path"]).expanduser()
        try:
            with self.ctx.sessions() as session, session.begin():
                outcome = import_file(session, "quotas", path, settings, self.ctx.officer)
        except ImportFailed as error:
            raise FieldError("path", str(error)) from error
        return outcome.summary(self.ctx.language)

    def imported(self, summary: str) -> None:
        self.post_message(self.Changed(summary))

    def on_quotas_screen_changed(self, message: Changed) -> None:
        # An undo leaves nothing to undo; an import cannot be undone here, so neither can
        # what came before it (its quotas may be the same ones).
        self.last_change = message.edits or []
        self.query_one("#quota-problem", Label).update(message.note)
        self.notify(message.note)
        self.reload()
