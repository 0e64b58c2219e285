"""Who a command's change is made as: the officer rules of `tracker.officers.acting`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.officers.acting import Acting


def acting(app: AppContext, session: Session, officer: str | None) -> Acting:
    """The account this command acts as: the OS login's, under `--officer` (else the
    config's `officer`) when an admin gives one. Raises NotAllowed for anyone else."""
    from tracker.officers.acting import acting_officer

    return acting_officer(session, officer or app.settings.officer)


def actor(app: AppContext, officer: str | None, action: str = "write") -> str:
    """The name the audit log writes for this command's change, after checking that the
    officer may write at all (a viewer, or a login without an account once accounts
    exist, may not). Where the change lands is checked by the service that makes it."""
    from tracker.officers.authorize import authorize_role

    with app.sessions()() as session:
        who = acting(app, session, officer)
        authorize_role(session, who, action, what=_command())
    return who.actor


def _command() -> str:
    context = click.get_current_context(silent=True)
    if context is None:
        return "tracker"
    return context.command_path.removeprefix("tracker ").removeprefix("cli ")
