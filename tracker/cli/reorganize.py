"""`tracker reorganize FILE --effective DATE`: the map changes from a date, history stays."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--effective", type=DATE, required=True, help="The first day of the new map.")
@click.option("--dry-run", is_flag=True, help="Print what would change and write nothing.")
@click.option("--officer", metavar="NAME", help="Who made the change, for the audit log.")
@pass_app
def reorganize(
    app: AppContext, file: Path, effective: datetime, dry_run: bool, officer: str | None
) -> None:
    """Merge, split, rename, move or end units from a date; earlier periods keep their map.

    FILE (.csv or .xlsx) has one row per old unit: old_code, new_code, new_name,
    new_level, new_parent (and households where a unit splits). Several old codes to one
    new code merge; an empty new_code ends the unit (a district). Teams and chats of an
    ended unit move to its successor; share quotas of later periods follow the new
    households. All rows or none are applied, with one audit entry; twice changes nothing.

    \b
    Example:
      tracker reorganize sap-xep-2025.csv --effective 2025-07-01 --dry-run
      tracker reorganize sap-xep-2025.csv --effective 2025-07-01
    """
    from tracker.cli.actor import actor
    from tracker.maps.reorganize import reorganize as apply_file
    from tracker.store.engine import transaction

    who = actor(app, officer, "reorganize")  # reorganising the map is for admins
    with transaction(app.sessions()) as session:
        report = apply_file(
            session, app.settings, file, effective.date(), who, dry_run, display=str(file)
        )
    click.echo(report.render(app.settings.language))
    if dry_run:
        from tracker.maps.messages import MESSAGES

        click.echo(MESSAGES(app.settings.language, "reorg.dry_run"))
    elif not report.empty:
        from tracker.maps.messages import MESSAGES

        click.echo(MESSAGES(app.settings.language, "reorg.applied", file=file, actor=who))
