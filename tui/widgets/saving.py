"""A form that saves before it closes: on a refusal it stays open with everything typed and
the refusal under the field it concerns (issue 14: nothing typed is lost).

`save` runs in a thread worker with the answers and does the write through a service, in
its own transaction; when it returns, the form closes and `saved` gets its result on the
app's thread. A refusal (`UserError`) names its field (`UserError.form_problems`): the message
goes under that field, or under the form when the form has no such field, and the cursor
goes to the first field at fault. Anything else is the app's error dialog, over the form,
which stays open too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.widgets import Button, Input, Label
from textual.worker import Worker, WorkerState

from tracker.errors import UserError
from tui.context import TuiContext
from tui.widgets.failures import WorkerFailed
from tui.widgets.form import Field, FormDialog


class SavingForm(FormDialog):
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

    def accept(self, answers: dict[str, str]) -> None:
        self.show_problems([])
        self.query_one("#ok", Button).disabled = True  # one save at a time
        self.run_save(answers)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def run_save(self, answers: dict[str, str]) -> None:
        result = self.save(answers)
        self.app.call_from_thread(self.done, answers, result)

    def done(self, answers: dict[str, str], result: Any) -> None:
        self.dismiss(answers)
        if self.saved is not None:
            self.saved(result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        self.query_one("#ok", Button).disabled = False
        error = event.worker.error
        if not isinstance(error, UserError):
            self.app.post_message(WorkerFailed(error))
            return
        from tracker.officers.errors import NotAllowed
        from tracker.officers.refusals import record_refusal

        if isinstance(error, NotAllowed):
            record_refusal(self.ctx.sessions, error)  # the save's own transaction rolled back
        self.show_problems(error.form_problems(self.ctx.language))

    def show_problems(self, problems: list[tuple[str | None, str]]) -> None:
        """Each message under its field; those of no field of this form under the form."""
        names = {field.name for field in self.fields}
        under: dict[str, list[str]] = {name: [] for name in names}
        general: list[str] = []
        for name, text in problems:
            under.get(name or "", general).append(text)
        for name, texts in under.items():
            label = self.query_one(f"#{name}-problem", Label)
            label.update("; ".join(texts))
            label.set_class(not texts, "-empty")
        self.query_one("#problem", Label).update("; ".join(general))
        first = next((f.name for f in self.fields if under[f.name]), None)
        if first is not None:
            self.query_one(f"#{first}", Input).focus()
