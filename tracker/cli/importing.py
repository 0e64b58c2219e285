"""`tracker import KIND FILE`: units, teams, members, indicators, quotas, chats or tasks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app

if TYPE_CHECKING:
    from tracker.officers.acting import Acting

# Kept here as well as in tracker.imports so that `--help` needs no SQLAlchemy.
KINDS = ("units", "teams", "members", "indicators", "quotas", "chats", "tasks")


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--officer", help="Audit under this name (admins only, once accounts exist).")
@pass_app
def import_command(app: AppContext, kind: str, file: Path, officer: str | None) -> None:
    """Load KIND from FILE (.csv or .xlsx): every row, or none if any row is wrong.

    Rows already in the store are updated by their code (members by team and name,
    quotas by team, indicator and period, chats by channel and chat id). Headers may be
    Vietnamese (mã, tên, cấp, đơn vị cha, số hộ...). Import units first, then teams,
    members, indicators, quotas, chats and tasks.

    Once the store has officer accounts, every row must lie in the officer's scope: a
    file with one row outside it is refused whole, naming that row.

    \b
    Example:
      tracker import units don-vi.csv
      tracker import quotas chi-tieu.xlsx
    """
    from tracker.cli.actor import acting
    from tracker.imports import import_file
    from tracker.imports.reading import Table
    from tracker.officers.import_scope import check_import_scope
    from tracker.store.engine import transaction

    with transaction(app.sessions()) as session:
        who = acting(app, session, officer)

        def in_scope(table: Table) -> None:
            check_import_scope(session, who, table)

        outcome = import_file(
            session, kind, file, app.settings, _actor(file, who), str(file), in_scope
        )
    click.echo(outcome.summary(app.settings.language), err=True)


def _actor(file: Path, who: Acting) -> str:
    """`import:<file>` and who ran it (their account's login): the audit's "who"."""
    name = f"import:{file.name}"
    if who.open_store and who.actor.startswith("cli"):
        return f"{name} ({who.login})"[:100] if who.login else name[:100]
    if who.account is not None and who.actor == who.account.login:
        return f"{name} ({who.actor})"[:100]
    return who.actor[:100]
