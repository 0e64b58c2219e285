"""The allocation dialog: a unit's total split over its teams, seen before it is written.

Enter (in a field, or the box "replace % targets") shows every team's target now and
after, and writes nothing; Write (ctrl+s) writes exactly the plan shown, and only when the
fields have not changed since. A refusal (an unknown indicator, a bad total, a plan the
store no longer gives, a scope) is shown under the field it concerns, and everything typed
stays. Escape closes it with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Label

from tracker.errors import UserError
from tracker.quotas import AllocationPlan, PlannedQuota, QuotaView

# A refusal's key -> the field it is shown under; any other goes above the buttons.
FIELD_OF = {
    "indicator.unknown": "indicator",
    "indicator.ambiguous": "indicator",
    "quota.bad_target": "total",
    "quota.negative_total": "total",
    "quota.shares_exceed_total": "total",
}
Planner = Callable[[str, str, bool], AllocationPlan]  # indicator, total, replace shares
Writer = Callable[[AllocationPlan], list[QuotaView]]


class AllocationDialog(ModalScreen[list[QuotaView] | None]):
    DEFAULT_CSS = """
    AllocationDialog { align: center middle; }
    AllocationDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        border: thick $accent; background: $surface;
    }
    AllocationDialog #heading { text-style: bold; }
    AllocationDialog .problem { color: $error; width: 100%; height: auto; padding-left: 25; }
    AllocationDialog .problem.-empty { display: none; }
    AllocationDialog Horizontal { height: auto; }
    AllocationDialog .field-label { width: 25; color: $text-muted; }
    AllocationDialog .field Input { width: 1fr; }
    AllocationDialog #preview { height: auto; max-height: 9; margin-top: 1; }
    AllocationDialog #summary { height: auto; }
    AllocationDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Esc"),
        Binding("ctrl+s", "write", "Ctrl+S"),
    ]

    class Planned(Message):
        def __init__(self, plan: AllocationPlan, asked: tuple[str, str, bool]) -> None:
            super().__init__()
            self.plan = plan
            self.asked = asked

    class Refused(Message):
        def __init__(self, field: str, reason: str, planning: bool) -> None:
            super().__init__()
            self.field = field
            self.reason = reason
            self.planning = planning  # the preview was refused: the one shown is not it

    def __init__(
        self,
        t: Callable[..., str],
        language: str,
        title: str,
        indicator: str,
        planner: Planner,
        writer: Writer,
    ) -> None:
        super().__init__()
        self.t = t
        self.language = language
        self.heading = title
        self.indicator = indicator
        self.planner = planner
        self.writer = writer
        self.plan: AllocationPlan | None = None
        self.asked: tuple[str, str, bool] | None = None  # the fields the plan was made from

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical():
            yield Label(self.heading, id="heading", markup=False)
            with Horizontal(classes="field"):
                yield Label(t("col.indicator"), classes="field-label", markup=False)
                yield Input(self.indicator, id="indicator", compact=True)
            yield Label("", id="indicator-problem", classes="problem -empty", markup=False)
            with Horizontal(classes="field"):
                yield Label(t("quota.total"), classes="field-label", markup=False)
                yield Input(placeholder=t("quota.total_hint"), id="total", compact=True)
            yield Label("", id="total-problem", classes="problem -empty", markup=False)
            yield Checkbox(t("quota.replace_shares"), id="replace", compact=True)
            yield DataTable(id="preview", cursor_type="row", show_cursor=False)
            yield Label(t("quota.preview_first"), id="summary", markup=False)
            yield Label("", id="problem", classes="problem -empty", markup=False)
            with Horizontal():
                yield Button(t("quota.preview"), id="preview-button", compact=True)
                yield Button(t("quota.write"), variant="primary", id="write", compact=True)
                yield Button(t("cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        t = self.t
        table = self.query_one("#preview", DataTable)
        table.add_column(t("col.team"), width=22)
        table.add_column(t("quota.col_households"), width=7)
        table.add_column(t("quota.col_now"), width=10)
        table.add_column(t("quota.col_new"), width=10)
        table.add_column(t("quota.col_note"), width=11)
        table.display = False
        self.query_one("#total" if self.indicator else "#indicator", Input).focus()

    def fields(self) -> tuple[str, str, bool]:
        return (
            self.query_one("#indicator", Input).value.strip(),
            self.query_one("#total", Input).value.strip(),
            self.query_one("#replace", Checkbox).value,
        )

    def show_problem(self, field: str, reason: str) -> None:
        for name in ("indicator", "total", ""):
            label = self.query_one(f"#{name}-problem" if name else "#problem", Label)
            text = f"✗ {reason}" if name == field else ""
            label.update(text)
            label.set_class(not text, "-empty")

    # Preview ------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#preview-button")
    def action_preview(self) -> None:
        indicator, total, replace = self.fields()
        if not indicator or not total:
            self.show_problem("indicator" if not indicator else "total", "?")
            return
        self.make_plan(indicator, total, replace)

    @on(Checkbox.Changed, "#replace")
    def replace_changed(self) -> None:
        indicator, total, _ = self.fields()
        if indicator and total:
            self.action_preview()

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def make_plan(self, indicator: str, total: str, replace: bool) -> None:
        try:
            plan = self.planner(indicator, total, replace)
        except UserError as error:
            self.post_message(self.Refused(_field_of(error), error.text(self.language), True))
            return
        self.post_message(self.Planned(plan, (indicator, total, replace)))

    def on_allocation_dialog_refused(self, message: Refused) -> None:
        self.show_problem(message.field, message.reason)
        if message.planning:
            self.plan = self.asked = None
            self.query_one("#preview", DataTable).display = False
            self.query_one("#summary", Label).update(self.t("quota.preview_first"))

    def on_allocation_dialog_planned(self, message: Planned) -> None:
        self.plan, self.asked = message.plan, message.asked
        self.show_problem("none", "")
        table = self.query_one("#preview", DataTable)
        table.clear()
        for row in message.plan.rows:
            table.add_row(*self.cells(row), key=row.team)
        table.display = True
        new_total = sum(row.resolved or 0 for row in message.plan.rows)
        summary = self.t(
            "quota.preview_summary", total=new_total, changed=len(message.plan.changed)
        )
        if any(row.note == "above" for row in message.plan.rows):
            summary += "\n" + self.t("quota.above_note")
        self.query_one("#summary", Label).update(summary)

    def cells(self, row: PlannedQuota) -> list[str]:
        def shown(target: str | None, resolved: int | None) -> str:
            if target is None:
                return "–"
            return target if not target.endswith("%") else f"{target}={resolved}"

        new = "=" if row.after is not None and not row.changes else shown(row.after, row.resolved)
        if row.after is None:
            new = "–"
        note = {"kept": "quota.note_kept", "above": "quota.note_above"}.get(row.note)
        return [
            row.team_name,
            "" if row.households is None else str(row.households),
            shown(row.before, row.before_resolved),
            new,
            self.t(note) if note else "",
        ]

    # Write --------------------------------------------------------------------------

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        if self.plan is None or self.asked != self.fields():
            if self.plan is not None:
                self.query_one("#summary", Label).update(self.t("quota.preview_stale"))
            self.action_preview()  # nothing is written that was not seen
            return
        self.write(self.plan)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def write(self, plan: AllocationPlan) -> None:
        try:
            written = self.writer(plan)
        except UserError as error:
            self.post_message(self.Refused(_field_of(error), error.text(self.language), False))
            return
        self.app.call_from_thread(self.dismiss, written)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _field_of(error: UserError) -> str:
    return FIELD_OF.get(str(getattr(error, "key", "")), "")
