"""Forms that save before they close: on a refusal the form stays open with everything
typed and the refusal under the field it concerns (issue 14: nothing typed is lost).

`save` runs in a thread worker with the answers and does the write through a service, in
its own transaction; when it returns, the form closes and `saved` gets its result on the
app's thread. A refusal (`UserError`) names its field (`UserError.form_problems`): the
message goes under that field (the label `#<field>-problem`), or under the form
(`#problem`) when the form has no such field, and the cursor goes to the first field at
fault. Anything else is the app's error dialog, over the form, which stays open too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label
from textual.worker import Worker, WorkerState

from tracker.errors import UserError
from tui.context import TuiContext
from tui.widgets.failures import WorkerFailed
from tui.widgets.form import Field, FormDialog

if TYPE_CHECKING:
    _Dialog = ModalScreen[Any]
else:
    # Not a widget itself: Textual takes a screen's CSS and type name from its first
    # widget base only, which must stay the dialog it is mixed into (FormDialog...).
    _Dialog = object


class SavesBeforeClosing(_Dialog):
    """Mixed into a dialog, before it, with an `#ok` button, a `#problem` label, and for
    each field named in `field_names` an input `#<name>` and a label `#<name>-problem`."""

    save: Callable[[Any], Any]
    saved: Callable[[Any], None] | None = None
    field_names: tuple[str, ...] = ()

    @property
    def tui(self) -> TuiContext:
        context = getattr(self.app, "ctx", None)
        assert isinstance(context, TuiContext)
        return context

    def start_saving(self, answers: Any) -> None:
        self.show_problems([])
        self.query_one("#ok", Button).disabled = True  # one save at a time
        self.run_save(answers)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def run_save(self, answers: Any) -> None:
        result = self.save(answers)
        self.app.call_from_thread(self.done, answers, result)

    def done(self, answers: Any, result: Any) -> None:
        self.dismiss(answers)
        if self.saved is not None:
            self.saved(result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.group != "save":
            return
        self.query_one("#ok", Button).disabled = False
        error = event.worker.error
        if not isinstance(error, UserError):
            self.app.post_message(WorkerFailed(error))
            return
        from tracker.officers.errors import NotAllowed
        from tracker.officers.refusals import record_refusal

        if isinstance(error, NotAllowed):
            record_refusal(self.tui.sessions, error)  # the save's own transaction rolled back
        self.show_problems(error.form_problems(self.tui.language))

    def show_problems(self, problems: list[tuple[str | None, str]]) -> None:
        """Each message under its field; those of no field of this form under the form."""
        under: dict[str, list[str]] = {name: [] for name in self.field_names}
        general: list[str] = []
        for name, text in problems:
            under.get(name or "", general).append(text)
        for name, texts in under.items():
            label = self.query_one(f"#{name}-problem", Label)
            label.update("; ".join(texts))
            label.set_class(not texts, "-empty")
        problem = self.query_one("#problem", Label)
        problem.update("; ".join(general))
        problem.set_class(not general, "-empty")
        first = next((name for name in self.field_names if under[name]), None)
        if first is not None:
            self.query_one(f"#{first}", Input).focus()


class SavingForm(SavesBeforeClosing, FormDialog):
    """The form dialog of tui/widgets/form.py, saving before it closes."""

    def __init__(
        self,
        ctx: TuiContext,
        title: str,
        fields: list[Field],
        save: Callable[[dict[str, str]], Any],
        saved: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(title, fields, ctx.t("ok"), ctx.t("cancel"))
        self.ctx = ctx
        self.save = save
        self.saved = saved
        self.field_names = tuple(field.name for field in fields)

    def accept(self, answers: dict[str, str]) -> None:
        self.start_saving(answers)
