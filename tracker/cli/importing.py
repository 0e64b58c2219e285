"""`tracker import KIND FILE`: units, teams, members, indicators, quotas, chats or tasks."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app

# Kept here as well as in tracker.imports so that `--help` needs no SQLAlchemy.
KINDS = ("units", "teams", "members", "indicators", "quotas", "chats", "tasks")


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def import_command(app: AppContext, kind: str, file: Path) -> None:
    """Load KIND from FILE (.csv or .xlsx): every row, or none if any row is wrong.

    Rows already in the store are updated by their code (members by team and name,
    quotas by team, indicator and period, chats by channel and chat id). Headers may be
    Vietnamese (mã, tên, cấp, đơn vị cha, số hộ...). Import units first, then teams,
    members, indicators, quotas, chats and tasks.

    \b
    Example:
      tracker import units don-vi.csv
      tracker import quotas chi-tieu.xlsx
    """
    from tracker.imports import import_file
    from tracker.store.engine import transaction

    actor = _actor(file)
    with transaction(app.sessions()) as session:
        outcome = import_file(session, kind, file, app.settings, actor, display=str(file))
    click.echo(outcome.summary(app.settings.language), err=True)


def _actor(file: Path) -> str:
    """`import:<file>` and, when the system can tell, who ran it: the audit's "who"."""
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a container user with no passwd entry
        user = ""
    actor = f"import:{file.name}"
    return f"{actor} ({user})"[:100] if user else actor[:100]
