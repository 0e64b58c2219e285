"""`tracker export KIND`: what `tracker import KIND` reads, to edit in Excel and import back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app

# As in tracker.imports.KINDS, kept here so that `--help` needs no SQLAlchemy.
KINDS = ("units", "teams", "members", "indicators", "quotas", "chats", "tasks")
DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--as-of", "as_of", type=DATE, help="The map of this day (default: today).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@pass_app
def export(
    app: AppContext, kind: str, as_of: datetime | None, output_format: str, output: Path | None
) -> None:
    """Write KIND in exactly the columns `tracker import KIND` reads.

    Importing the file unchanged changes nothing; edit it in Excel and import it back.
    Units and teams are those of the map on --as-of (units with their names then).

    \b
    Example:
      tracker export units -o don-vi.csv
      tracker export teams --format xlsx -o to.xlsx
      tracker export units --as-of 2025-06-30 -o don-vi-truoc-sap-xep.csv
    """
    from tracker.cli.output import opened
    from tracker.clock import today
    from tracker.maps.export import export_rows, headers, write_csv, write_xlsx

    if output_format == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE")
    if output is not None:
        from tracker.fileout import check_target

        check_target(output)
    day = as_of.date() if as_of else today()
    language = app.settings.language
    with app.sessions()() as session:
        rows = export_rows(session, kind, day, language)
    head = headers(kind, language)
    with opened(output, binary=True) as handle:
        if output_format == "xlsx":
            write_xlsx(kind, head, rows, handle)
        else:
            write_csv(head, rows, handle)
    if output is not None:
        from tracker.maps.messages import MESSAGES

        click.echo(MESSAGES(language, "export.wrote", file=output), err=True)
