"""A screen's last change, and ctrl+z that undoes it: the units screen and the tasks
screen (tracker/undo.py), the review screen (tracker/review_undo.py).

Each save of the screen (a unit, a team, a member, a chat, a task) goes through `write`,
which keeps what its service recorded; ctrl+z puts the item back as it was before, with
audit entries `undo` of its own, and leaves nothing more to undo. A refusal (the item changed
since, something now hangs on it, outside the officer's scope) is one line, and nothing
is undone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

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


class Undoable(Protocol):
    @property
    def key(self) -> str: ...


C = TypeVar("C", bound=Undoable)


class UndoesLast(Screen[None], Generic[C]):
    """Mixed into a screen that keeps its last change, of the kind its service undoes."""

    ctx: TuiContext
    last_edit: C | None = None  # what ctrl+z puts back

    def action_undo(self) -> None:
        if self.last_edit is None:
            self.notify(self.ctx.t("undo.nothing"), severity="warning")
            return
        self.undo(self.last_edit)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def undo(self, change: C) -> None:
        ctx = self.ctx
        try:
            with ctx.sessions() as session, session.begin():
                self.undo_in(session, change)
        except UserError as error:
            if isinstance(error, NotAllowed):  # the attempt is audited, as any refused write
                record_refusal(ctx.sessions, error)
            self.app.call_from_thread(self.notify, error.text(ctx.language), severity="error")
            return
        self.app.call_from_thread(self.undone, change)

    def undo_in(self, session: Session, change: C) -> None:
        """Undo `change` through its service, in the caller's transaction."""
        raise NotImplementedError

    def undone(self, change: C) -> None:
        self.last_edit = None
        self.notify(self.ctx.t("undo.done", item=change.key))
        self.show_undone(change)

    def show_undone(self, change: C) -> None:
        """Show the store as the undo left it; the screen says how."""
        raise NotImplementedError


class UndoesLastChange(UndoesLast[LastChange]):
    """Mixed into a screen (or its actions) that writes through `write`."""

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

    def undo_in(self, session: Session, change: LastChange) -> None:
        ctx = self.ctx
        undo_change(session, ctx.settings, change, ctx.officer, ctx.language)
