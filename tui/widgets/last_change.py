"""A screen's last change, and ctrl+z that undoes it (tracker/undo.py): the units screen
and the tasks screen.

Each save of the screen (a unit, a team, a member, a chat, a task) goes through `write`,
which keeps what its service recorded; ctrl+z puts the item back as it was before, with
audit entries `undo` of its own, and leaves nothing more to undo. A refusal (the item changed
since, something now hangs on it, outside the officer's scope) is one line, and nothing
is undone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session
from textual import work
from textual.screen import Screen

from tracker.audit import watched
from tracker.errors import UserError
from tracker.officers.errors import NotAllowed
from tracker.officers.refusals import record_refusal
from tracker.undo import LastChange, last_change, undo_change
from tui.context import TuiContext

T = TypeVar("T")


class UndoesLastChange(Screen[None]):
    """Mixed into a screen (or its actions) that writes through `write`."""

    ctx: TuiContext
    last_edit: LastChange | None = None  # what ctrl+z puts back

    def write(self, service: Callable[[Session], T]) -> T:
        """Run one service in its own transaction (a dialog's worker thread); once it is
        committed, what it changed is what ctrl+z undoes (a save that changed nothing
        leaves the change before it)."""
        with self.ctx.sessions() as session, session.begin(), watched(session) as changes:
            result = service(session)
        made = last_change(changes)
        if made is not None:
            self.last_edit = made
        return result

    def action_undo(self) -> None:
        if self.last_edit is None:
            self.notify(self.ctx.t("undo.nothing"), severity="warning")
            return
        self.undo(self.last_edit)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def undo(self, change: LastChange) -> None:
        ctx = self.ctx
        try:
            with ctx.sessions() as session, session.begin():
                undo_change(session, ctx.settings, change, ctx.officer, ctx.language)
        except UserError as error:
            if isinstance(error, NotAllowed):  # the attempt is audited, as any refused write
                record_refusal(ctx.sessions, error)
            self.app.call_from_thread(self.notify, error.text(ctx.language), severity="error")
            return
        self.app.call_from_thread(self.undone, change)

    def undone(self, change: LastChange) -> None:
        self.last_edit = None
        self.notify(self.ctx.t("undo.done", item=change.key))
        self.show_undone(change)

    def show_undone(self, change: LastChange) -> None:
        """Show the store as the undo left it; the screen says how."""
        raise NotImplementedError
