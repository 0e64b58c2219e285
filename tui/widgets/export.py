"""The leaderboard export dialog: which format, period, scope and file; returns a request.

The period, the scope (in the store) and the file's folder are checked before the dialog
closes: a mistake shows under its field and the dialog stays open with what was typed
(tui/widgets/saving.py). A disk that refuses the write itself is told when writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from tracker.errors import FieldError, UserError
from tracker.fileout import check_target
from tracker.hierarchy import find_unit
from tracker.leaderboard.export import write_leaderboard
from tracker.periods import Period
from tui.context import TuiContext
from tui.widgets.saving import SavesBeforeClosing

FORMATS = ("csv", "xlsx", "json")  # what officers open: a spreadsheet, or data for a tool


@dataclass(frozen=True)
class ExportRequest:
    output_format: str
    period: Period
    scope: str
    path: Path


def default_path(scope: str, period: str, output_format: str) -> Path:
    """In the folder the TUI was started from, like the CLI's -o with a bare name."""
    return Path(f"bxh_{scope}_{period}.{output_format}")


class ExportDialog(SavesBeforeClosing, ModalScreen[ExportRequest | None]):
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 72; max-width: 98%; height: auto; padding: 0 1;
        border: thick $accent; background: $surface;
    }
    ExportDialog Label { margin-top: 1; }
    ExportDialog Horizontal { height: auto; margin-top: 1; }
    ExportDialog Button { margin-right: 2; }
    ExportDialog .field-problem { color: $error; width: 1fr; height: auto; margin-top: 0; }
    ExportDialog .field-problem.-empty { display: none; }
    ExportDialog #problem { color: $error; height: auto; margin-top: 0; }
    ExportDialog #problem.-empty { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Esc")]

    def __init__(self, ctx: TuiContext, scope: str, period: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.scope = scope
        self.period = period
        self.field_names = ("period", "scope", "path")

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical():
            yield Label(t("export.title"), classes="section", markup=False)
            yield Label(t("export.format"), markup=False)
            yield Select(
                [(name, name) for name in FORMATS],
                value=FORMATS[0],
                allow_blank=False,
                id="format",
                compact=True,
            )
            yield Label(t("export.period"), markup=False)
            yield Input(self.period, id="period", compact=True)
            yield self.problem_label("period")
            yield Label(t("export.scope"), markup=False)
            yield Input(self.scope, id="scope", compact=True)
            yield self.problem_label("scope")
            yield Label(t("export.path"), markup=False)
            path = default_path(self.scope, self.period, FORMATS[0])
            yield Input(str(path), id="path", compact=True)
            yield self.problem_label("path")
            yield Label("", id="problem", classes="-empty", markup=False)
            with Horizontal():
                yield Button(t("export.write"), variant="primary", id="ok")
                yield Button(t("cancel"), id="cancel")

    @staticmethod
    def problem_label(name: str) -> Label:
        return Label("", id=f"{name}-problem", classes="field-problem -empty", markup=False)

    def on_mount(self) -> None:
        self.query_one("#format", Select).focus()

    @on(Input.Changed, "#period")
    @on(Input.Changed, "#scope")
    def name_follows(self) -> None:
        """The file's default name follows the period and scope chosen (bxh_HD_2026-10.csv),
        unless the officer typed a name of their own."""
        field = self.query_one("#path", Input)
        path = Path(field.value)
        fmt = path.suffix.lstrip(".")
        if path.name != default_path(self.scope, self.period, fmt).name:
            return
        self.period = self.query_one("#period", Input).value.strip()
        self.scope = self.query_one("#scope", Input).value.strip()
        field.value = str(path.with_name(default_path(self.scope, self.period, fmt).name))

    @on(Select.Changed, "#format")
    def format_changed(self, event: Select.Changed) -> None:
        """Keep the file's extension in step with the format, unless the officer changed it."""
        field = self.query_one("#path", Input)
        path = Path(field.value)
        if path.suffix.lstrip(".") in FORMATS and event.value in FORMATS:
            field.value = str(path.with_suffix(f".{event.value}"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        try:
            request = self.request()
        except UserError as error:
            self.show_problems(error.form_problems(self.ctx.language))
            return
        self.start_saving(request)  # the scope is looked up in the store, then it closes

    def save(self, request: ExportRequest) -> None:
        """Whether the store has the scope (the dialog's worker); the caller writes."""
        with self.ctx.sessions() as session:
            try:
                find_unit(session, request.scope)
            except UserError as error:
                raise FieldError("scope", error.text(self.ctx.language)) from error

    def request(self) -> ExportRequest:
        t = self.ctx.t
        value = self.query_one("#format", Select).value
        output_format = value if isinstance(value, str) else FORMATS[0]
        period = Period.parse(self.query_one("#period", Input).value)
        scope = self.query_one("#scope", Input).value.strip()
        if not scope:
            raise FieldError("scope", t("export.no_scope"))
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise FieldError("path", t("export.no_path"))
        path = Path(text).expanduser()
        if not path.parent.is_dir():
            raise FieldError("path", t("export.no_folder", folder=str(path.parent)))
        check_target(path)  # a device, a folder or a fifo: said at once, the dialog stays
        return ExportRequest(output_format, period, scope, path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def write_request(ctx: TuiContext, request: ExportRequest) -> int:
    """Write the file asked for (in a worker); how many teams it holds. A disk's refusal,
    or a target that became a device or a folder meanwhile, is a one-line FileRefused
    naming the file, shown in the error dialog."""
    with ctx.sessions() as session:
        scope = find_unit(session, request.scope)
        standing = write_leaderboard(
            session,
            scope,
            request.period,
            ctx.today(),
            ctx.settings.deadlines,
            request.output_format,
            request.path,
            language=ctx.language,
        )
    return len(standing.rows)
