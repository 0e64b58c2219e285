"""`tracker overdue`: teams whose monthly report is missing on a day."""

from __future__ import annotations

from datetime import datetime

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import opened, output_options

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.option("--scope", metavar="UNIT", help="Only the teams under this unit.")
@click.option("--date", "day", type=DATE, help="The day to look from (default: today).")
@output_options("table", "json")
@pass_app
def overdue(
    app: AppContext,
    scope: str | None,
    day: datetime | None,
    output_format: str,
    output: object,
) -> None:
    """Teams with no monthly report for the month of D after their level's deadline.

    On D the month in question is D's own month: a village team is overdue from the
    19th (deadline the 18th), a commune team from the 21st, and so on.

    \b
    Example:
      tracker overdue --scope 10804 --date 2026-11-22 --format json
    """
    from tracker.cli.output import render_json, render_table
    from tracker.clock import today
    from tracker.maps.tree import unit_row
    from tracker.standing import overdue_teams

    on = day.date() if day else today()
    with app.reading() as connection:  # no ORM: a read of two tables (issue 18)
        unit_id = unit_row(connection, scope, on).id if scope else None
        rows = overdue_teams(connection, unit_id, on, app.settings.deadlines)
    if output_format == "json":
        text = render_json({"date": on.isoformat(), "overdue": [r.as_json() for r in rows]})
    else:
        table = [(r.team, r.name, r.due.isoformat(), r.days_late) for r in rows]
        text = render_table(("team", "name", "due", "days_late"), table) + "\n"
    with opened(output) as handle:  # type: ignore[arg-type]
        handle.write(text)
