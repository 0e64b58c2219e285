"""Writing a refused attempt to the audit log, after the refused transaction is gone.

The boundaries that run a command's transaction call this once it has rolled back: the
CLI's group (tracker.cli.main) and the terminal UI's worker-error handler (tui.app).
"""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from tracker.officers.errors import NotAllowed
from tracker.store.models import AuditEntry


def record_refusal(sessions: sessionmaker[Session], error: NotAllowed) -> None:
    """Audit `error`'s attempt, once however many boundaries it crosses."""
    if error.recorded or not error.entry:
        return
    with sessions.begin() as session:
        session.execute(insert(AuditEntry), [error.entry])
    error.recorded = True
