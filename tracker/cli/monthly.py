"""`tracker monthly list|approve|return|remind|compile`: monthly reports up the chain."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import opened, output_options, render_csv, render_json, render_table

DATE = click.DateTime(formats=["%Y-%m-%d"])
_MONTH = click.option("--month", required=True, metavar="YYYY-MM", help="The report's month.")
_OFFICER = click.option(
    "--officer", metavar="NAME", help="Who decides (default: the config's officer, your login)."
)
_COLUMNS: tuple[str, ...] = ("team", "name", "due", "status", "timeliness", "submitted_at")
_COLUMNS += ("decided_by", "decided_at", "reason")


@click.group()
def monthly() -> None:
    """Monthly reports (/bcthang): each team's state, decisions, the compiled report.

    \b
    Example:
      tracker monthly list --scope 10804 --month 2026-11
      tracker monthly approve CNCD_DongLac_DongCam --month 2026-11
      tracker monthly return CNCD_PhuLoc_DongCam --month 2026-11 --reason "Thiếu số liệu VNeID"
      tracker monthly compile --scope 10804 --month 2026-11 --format docx -o bao-cao.docx
      tracker monthly remind --scope 10804 --month 2026-11
    """


@monthly.command("list")
@click.option("--scope", metavar="UNIT", required=True, help="The teams under this unit.")
@_MONTH
@click.option("--date", "day", type=DATE, help="States as of this day (default: today).")
@output_options("table", "csv", "json")
@pass_app
def list_(
    app: AppContext,
    scope: str,
    month: str,
    day: datetime | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Each team's monthly report: due date, status, when sent, who decided and why.

    Status is not_due, missing, on_time, late, returned or approved; timeliness keeps
    on_time/late after a decision. Above the teams, each child unit's completeness.

    \b
    Example:
      tracker monthly list --scope 10804 --month 2026-11
      tracker monthly list --scope 31 --month 2026-11 --format json
    """
    from tracker.clock import today
    from tracker.hierarchy import find_unit
    from tracker.monthly.decisions import parse_month
    from tracker.monthly.listing import month_list

    period = parse_month(month)
    on = day.date() if day else today()
    with app.sessions()() as session:
        unit = find_unit(session, scope, period.end)
        found = month_list(session, unit, period, on, app.settings.deadlines)
    if output_format == "json":
        text = render_json(found.as_json())
    else:
        headers = list(_COLUMNS)
        rows = [
            ["" if document[name] is None else document[name] for name in _COLUMNS]
            for document in (row.as_json() for row in found.teams)
        ]
        render = render_csv if output_format == "csv" else render_table
        text = render(headers, rows)
        if found.units and output_format == "table":
            units = [list(unit.as_json().values()) for unit in found.units]
            heads = ["unit", "name", "expected", "received", "on_time", "approved"]
            text += "\n\n" + render_table(heads, units)
        text = text.rstrip("\n") + "\n"
    with opened(output) as handle:
        handle.write(text)


@monthly.command()
@click.argument("team", metavar="TEAM")
@_MONTH
@_OFFICER
@pass_app
def approve(app: AppContext, team: str, month: str, officer: str | None) -> None:
    """Approve TEAM's report for the month; its figures then stay put.

    A later report or edit for that month waits in the review inbox as "after approval".

    \b
    Example:
      tracker monthly approve CNCD_DongLac_DongCam --month 2026-11
    """
    from tracker.cli.actor import actor
    from tracker.monthly.decisions import approve as approve_report
    from tracker.monthly.decisions import parse_month

    period = parse_month(month)
    with app.sessions().begin() as session:
        approve_report(session, team, period, officer=actor(app, officer))
    click.echo(f"approved {team} {period}")


@monthly.command("return")
@click.argument("team", metavar="TEAM")
@_MONTH
@click.option("--reason", required=True, help="What the team must correct; sent to its chat.")
@_OFFICER
@pass_app
def return_(app: AppContext, team: str, month: str, reason: str, officer: str | None) -> None:
    """Return TEAM's report for the month with a reason that reaches the team's chat.

    The message (sent by `tracker sync`) asks the team to send `/bcthang tháng M` again.

    \b
    Example:
      tracker monthly return CNCD_PhuLoc_DongCam --month 2026-11 --reason "Thiếu số liệu VNeID"
    """
    from tracker.cli.actor import actor
    from tracker.monthly.decisions import parse_month, return_report

    period = parse_month(month)
    with app.sessions().begin() as session:
        _, messages = return_report(
            session,
            team,
            period,
            officer=actor(app, officer),
            reason=reason,
            language=app.settings.language,
        )
    click.echo(f"returned {team} {period}")
    if messages:
        for message in messages:
            click.echo(f"queued to {message.channel} {message.chat_id}", err=True)
    else:
        click.echo(
            "warning: the team has no chat to send the reason to; tell it yourself", err=True
        )


@monthly.command("remind")
@click.option("--scope", metavar="UNIT", required=True, help="The teams under this unit.")
@_MONTH
@pass_app
def remind_(app: AppContext, scope: str, month: str) -> None:
    """Remind each team under UNIT that has not reported for the month, in its chat.

    At most once a day per team; `tracker sync` sends what is queued.

    \b
    Example:
      tracker monthly remind --scope 10804 --month 2026-11
    """
    from tracker.clock import today
    from tracker.hierarchy import find_unit
    from tracker.monthly.decisions import parse_month
    from tracker.monthly.remind import remind

    period = parse_month(month)
    with app.sessions().begin() as session:
        found = remind(
            session,
            find_unit(session, scope),
            period,
            today(),
            app.settings.deadlines,
            app.settings.language,
        )
    for code in found.queued:
        click.echo(f"reminded {code}")
    for code in found.already:
        click.echo(f"already reminded today: {code}", err=True)
    for code in found.no_chat:
        click.echo(f"warning: {code} has no chat to remind it in", err=True)


@monthly.command("compile")
@click.option("--scope", metavar="UNIT", required=True, help="The unit whose report it is.")
@_MONTH
@output_options("md", "docx", "xlsx")
@click.option("--date", "day", type=DATE, help="Made as of this day (default: today).")
@pass_app
def compile_(
    app: AppContext,
    scope: str,
    month: str,
    output_format: str,
    output: Path | None,
    day: datetime | None,
) -> None:
    """The unit's compiled monthly report for the next level up.

    Per indicator the unit's target and achieved (the figures of `tracker leaderboard`),
    the teams' scores and report status, their difficulties, proposals and good practices
    in their own words, and the teams that were late or did not report. Markdown goes to
    the screen without -o; docx and xlsx need -o.

    \b
    Example:
      tracker monthly compile --scope 10804 --month 2026-11
      tracker monthly compile --scope 10804 --month 2026-11 --format docx -o bao-cao-11.docx
    """
    from tracker.clock import today
    from tracker.hierarchy import find_unit
    from tracker.monthly.compiled import compile_report
    from tracker.monthly.compiled_text import render_markdown
    from tracker.monthly.decisions import parse_month

    period = parse_month(month)
    if output_format != "md" and output is None:
        raise click.UsageError(f"--format {output_format} needs -o FILE")
    on = day.date() if day else today()
    if output is None:
        with app.sessions()() as session:
            report = compile_report(
                session,
                find_unit(session, scope),
                period,
                on,
                app.settings.deadlines,
                app.settings.language,
            )
        with opened(output) as handle:
            handle.write(render_markdown(report))
        return
    from tracker.monthly.export import write_compiled

    with app.sessions()() as session:
        unit = find_unit(session, scope, period.end)
        write_compiled(session, unit, period, on, app.settings, output, output_format)
    click.echo(f"wrote {output}", err=True)
