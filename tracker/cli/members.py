"""`tracker members unlinked`: who on the roster has not joined from chat yet."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import opened, output_options, render_csv, render_json, render_table

_HEADERS = ["team", "team_name", "member", "role", "phone"]


@click.group()
def members() -> None:
    """Team members on the roster.

    \b
    Example:
      tracker members unlinked --scope 10804
    """


@members.command()
@click.option("--scope", metavar="UNIT", help="Only the teams under this unit (a unit code).")
@output_options("table", "csv", "json")
@pass_app
def unlinked(app: AppContext, scope: str | None, output_format: str, output: Path | None) -> None:
    """Members with no account on any channel: they have not registered yet.

    Phones are masked (09xx xxx 678). A member joins by sending the bot
    `/dangky <số điện thoại>`, or an officer links them with `tracker review link`.

    \b
    Example:
      tracker members unlinked --scope 10804 --format csv -o chua-dang-ky.csv
    """
    from tracker.registration import unlinked_members

    with app.sessions()() as session:
        rows = unlinked_members(session, scope)
    with opened(output) as handle:
        if output_format == "json":
            handle.write(render_json({"scope": scope, "members": [r.as_dict() for r in rows]}))
            return
        table = [[r.team, r.team_name, r.member, r.role, r.phone] for r in rows]
        if output_format == "csv":
            handle.write(render_csv(_HEADERS, table))
            return
        handle.write(render_table(_HEADERS, table) + "\n")
