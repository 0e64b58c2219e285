"""`tracker teams merge|retire|relink`: teams across a reorganisation, their history kept."""

from __future__ import annotations

from datetime import datetime

import click

from tracker.cli.context import AppContext, pass_app

DATE = click.DateTime(formats=["%Y-%m-%d"])
_OFFICER = click.option("--officer", metavar="NAME", help="Who made the change (audit log).")


@click.group()
def teams() -> None:
    """Merge teams into a new one, or retire a team, from a date.

    \b
    Example:
      tracker teams merge CNCD_A CNCD_B --into CNCD_AB --effective 2026-03-01
      tracker teams retire CNCD_A --date 2026-03-01
    """


@teams.command()
@click.argument("codes", nargs=-1, required=True, metavar="TEAM...")
@click.option("--into", "into", required=True, metavar="CODE", help="The new team's code.")
@click.option("--effective", type=DATE, required=True, help="The new team's first day.")
@click.option("--name", metavar="NAME", help="The new team's name (default: the first's).")
@_OFFICER
@pass_app
def merge(
    app: AppContext,
    codes: tuple[str, ...],
    into: str,
    effective: datetime,
    name: str | None,
    officer: str | None,
) -> None:
    """Merge TEAM... into a new team working from --effective (a village merger).

    The new team covers their units, takes their members and chats, and ranks from that
    day on its own quotas; the old teams retire that day and keep their history.

    \b
    Example:
      tracker teams merge CNCD_A CNCD_B --into CNCD_AB --effective 2026-03-01
    """
    from tracker.cli.actor import actor
    from tracker.maps.messages import MESSAGES
    from tracker.maps.teams import merge_teams
    from tracker.store.engine import transaction

    day = effective.date()
    with transaction(app.sessions()) as session:
        merge_teams(session, list(codes), into, day, actor(app, officer), name)
    items = ", ".join(codes)
    language = app.settings.language
    click.echo(MESSAGES(language, "teams.merged", items=items, code=into, day=day.isoformat()))


@teams.command()
@click.argument("code", metavar="TEAM")
@click.option("--date", "day", type=DATE, required=True, help="The first day it no longer works.")
@_OFFICER
@pass_app
def retire(app: AppContext, code: str, day: datetime, officer: str | None) -> None:
    """Retire TEAM from --date instead of deleting it: its reports stay, and it is not
    ranked, flagged overdue or reminded from that day.

    \b
    Example:
      tracker teams retire CNCD_PhuLoc_DongCam --date 2026-03-01
    """
    from tracker.cli.actor import actor
    from tracker.maps.messages import MESSAGES
    from tracker.maps.teams import retire_team
    from tracker.store.engine import transaction

    with transaction(app.sessions()) as session:
        retire_team(session, code, day.date(), actor(app, officer))
    text = MESSAGES(app.settings.language, "teams.retired_ok", code=code, day=day.date())
    click.echo(text)


@teams.command()
@click.argument("code", metavar="TEAM")
@click.option(
    "--units", required=True, metavar="CODES", help="The units it covers from --effective."
)
@click.option("--effective", type=DATE, required=True, help="The first day on the new units.")
@_OFFICER
@pass_app
def relink(
    app: AppContext, code: str, units: str, effective: datetime, officer: str | None
) -> None:
    """Move TEAM to other units from --effective, keeping where it was before (a team
    that `tracker reorganize` put in the wrong part of a split commune).

    \b
    Example:
      tracker teams relink CNCD_DongLac_DongCam --units 10804.03 --effective 2025-07-01
    """
    from tracker.cli.actor import actor
    from tracker.maps.messages import MESSAGES
    from tracker.maps.relink import relink_team
    from tracker.store.engine import transaction
    from tracker.teams import split_codes

    day = effective.date()
    wanted = split_codes(units)
    with transaction(app.sessions()) as session:
        changed = relink_team(session, code, wanted, day, actor(app, officer))
    key = "relink.done" if changed else "relink.nothing"
    shown = ", ".join(sorted(set(wanted)))
    click.echo(MESSAGES(app.settings.language, key, code=code, units=shown, day=day.isoformat()))
