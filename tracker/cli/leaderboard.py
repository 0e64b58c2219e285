"""`tracker leaderboard`: the ranking of the teams under a unit for a period."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import output_options

if TYPE_CHECKING:
    from tracker.periods import Period

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.option("--scope", metavar="UNIT", required=True, help="Rank the teams under this unit.")
@click.option("--period", required=True, metavar="P", help="YYYY-MM, YYYY-Qn or YYYY.")
@output_options("table", "csv", "xlsx", "md", "html", "json")
@click.option(
    "--commend",
    type=click.IntRange(min=1),
    metavar="N",
    help="Only the top N teams with every quota met and the monthly report on time.",
)
@click.option("--date", "day", type=DATE, help="Monthly-report states as of this day.")
@click.option(
    "--csv-dialect",
    type=click.Choice(["excel", "comma"]),
    default="excel",
    show_default=True,
    help="excel: for people (UTF-8 with BOM, ';', headers and states in words); "
    "comma: for scripts (',', plain UTF-8, the English keys and codes of JSON).",
)
@pass_app
def leaderboard(
    app: AppContext,
    scope: str,
    period: str,
    output_format: str,
    output: Path | None,
    commend: int | None,
    day: datetime | None,
    csv_dialect: str,
) -> None:
    """Rank teams by score: the mean over their quotas of min(achieved ÷ target, 1).

    A quarter or a year uses the quotas set for exactly that period (2026-Q4, 2026).
    xlsx adds an evidence sheet with every counted entry. CSV opens right in Excel
    (';', a BOM, words in the configured language); --csv-dialect comma is for scripts.

    \b
    Example:
      tracker leaderboard --scope 31 --period 2026-11
      tracker leaderboard --scope 31 --period 2026-Q4 --format xlsx -o bxh.xlsx
      tracker leaderboard --scope 31 --period 2026 --commend 10 --format md
      tracker leaderboard --scope 31 --period 2026-11 --format csv --csv-dialect comma
    """
    import tracker.leaderboard  # noqa: F401 - imported before the heap is frozen
    from tracker.heap import frozen_heap

    # Left to the collector, the imported modules were re-scanned while a province's
    # 13,000 cells are built and rendered: a sixth of the command's time.
    with frozen_heap():
        _leaderboard(app, scope, period, day, output_format, output, commend, csv_dialect)


def _leaderboard(
    app: AppContext,
    scope: str,
    period: str,
    day: datetime | None,
    output_format: str,
    output: Path | None,
    commend: int | None,
    csv_dialect: str,
) -> None:
    from tracker.cli.output import opened
    from tracker.clock import today
    from tracker.leaderboard import build_leaderboard, render_text
    from tracker.periods import Period

    span = Period.parse(period)
    on = day.date() if day else today()
    if output_format == "xlsx":
        _workbook(app, scope, span, on, output, commend)
        return
    from tracker.maps.tree import unit_row

    # Read through a Connection: ranking needs no ORM, whose loading cost more than the
    # ranking's own query (issue 18).
    with app.reading() as connection:
        _check_target(output)
        unit = unit_row(connection, scope, span.end)  # the map of the period's last day
        standing = build_leaderboard(
            connection, unit, span, on, app.settings.deadlines, commend=commend
        )
    text = render_text(standing, output_format, app.settings.language, csv_dialect)
    with opened(output) as handle:
        handle.write(text)


def _check_target(output: Path | None) -> None:
    """A device or a fifo is refused before the work, not after (in the configured
    language: the settings are read by then)."""
    if output is not None:
        from tracker.fileout import check_target

        check_target(output)


def _workbook(
    app: AppContext, scope: str, span: Period, on: date, output: Path | None, commend: int | None
) -> None:
    """The xlsx workbook, whose evidence sheet reads the entries through the models."""
    from tracker.cli.output import opened
    from tracker.hierarchy import find_unit
    from tracker.leaderboard import build_leaderboard
    from tracker.leaderboard.export import write_workbook

    with app.sessions()() as session:
        _check_target(output)
        unit = find_unit(session, scope, span.end)  # the map of the period's last day
        standing = build_leaderboard(
            session, unit, span, on, app.settings.deadlines, commend=commend
        )
        if output is None:
            raise click.UsageError("--format xlsx needs -o FILE")
        with opened(output, binary=True) as handle:
            write_workbook(session, unit, standing, handle, app.settings.language)
    click.echo(f"wrote {output}", err=True)
