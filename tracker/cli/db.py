"""`tracker db`: create, migrate and inspect the store."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.group()
def db() -> None:
    """Create, migrate and inspect the store.

    \b
    Example:
      tracker --db sqlite:///tinh.db db upgrade
    """


@db.command()
@pass_app
def upgrade(app: AppContext) -> None:
    """Create the store or bring it to the newest schema (safe to run again).

    \b
    Example:
      tracker --db postgresql+psycopg://postgres@127.0.0.1/tracker db upgrade
    """
    from tracker.store.engine import safe_url
    from tracker.store.migrate import current_revision, upgrade

    before = current_revision(app.engine)
    upgrade(app.engine)
    after = current_revision(app.engine)
    where = safe_url(str(app.engine.url))
    if before == after:
        click.echo(f"Store {where} is up to date (revision {after}).", err=True)
    else:
        click.echo(f"Store {where} upgraded to revision {after}.", err=True)


@db.command()
@pass_app
def status(app: AppContext) -> None:
    """Show the store's URL and revision.

    \b
    Example:
      tracker db status
    """
    from tracker.store.engine import safe_url
    from tracker.store.migrate import current_revision, head_revision

    click.echo(f"url: {safe_url(str(app.engine.url))}")
    click.echo(f"revision: {current_revision(app.engine) or 'none'}")
    click.echo(f"head: {head_revision(app.engine)}")


@db.command(hidden=True)
@click.option("-m", "--message", required=True, help="What the migration changes.")
@pass_app
def revision(app: AppContext, message: str) -> None:
    """For developers: write a new migration from the difference between models and store.

    \b
    Example:
      tracker --db sqlite:////tmp/m.db db upgrade
      tracker --db sqlite:////tmp/m.db db revision -m "add an index"
    """
    from alembic import command

    from tracker.store.migrate import alembic_config, head_revision

    # Revisions are numbered 0001, 0002... so that their order shows in the file names.
    number = int(head_revision(app.engine) or 0) + 1
    command.revision(
        alembic_config(app.engine), message=message, autogenerate=True, rev_id=f"{number:04d}"
    )
