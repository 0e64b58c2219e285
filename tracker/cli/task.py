"""`tracker task add|list|done`: tasks with a due date, for teams or every team under a unit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import output_options

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def task() -> None:
    """Tasks: one-off work with a due date (CONTRACTS §5).

    \b
    Example:
      tracker task add ZALO1 --title "Lập nhóm Zalo thôn" --due 2026-11-30 --to 10804
      tracker task list --scope 10804 --format json
      tracker task done ZALO1 --team CNCD_DongLac_DongCam
    """


@task.command("add")
@click.argument("code")
@click.option("--title", required=True)
@click.option("--due", type=DATE, required=True, help="YYYY-MM-DD, Vietnam time.")
@click.option(
    "--to", "assignees", multiple=True, required=True, help="A team, or a unit (all its teams)."
)
@click.option("--description", default="")
@click.option("--officer", help="Who adds it (kept in the audit log).")
@pass_app
def add(
    app: AppContext,
    code: str,
    title: str,
    due: datetime,
    assignees: tuple[str, ...],
    description: str,
    officer: str | None,
) -> None:
    """Add a task for teams, or for every team under a unit.

    \b
    Example:
      tracker task add TAP1 --title "Tập huấn" --due 2026-12-05 --to 10804 --to CNCD_GiaLoc_GiaLoc
    """
    from tracker.cli.actor import actor
    from tracker.store.engine import transaction
    from tracker.tasks import add_task

    with transaction(app.sessions()) as session:
        created = add_task(
            session, code, title, due.date(), list(assignees), actor(app, officer), description
        )
        count = len(created.assignments)
    click.echo(f"task {code} assigned to {count} team(s)", err=True)


@task.command("list")
@click.option("--scope", metavar="UNIT", help="Only assignments of teams under this unit.")
@click.option("--date", "day", type=DATE, help="Statuses as of this day (default: today).")
@output_options("table", "json")
@pass_app
def list_(
    app: AppContext,
    scope: str | None,
    day: datetime | None,
    output_format: str,
    output: Path | None,
) -> None:
    """List tasks and each assignment's status: open, done_on_time, done_late, overdue.

    \b
    Example:
      tracker task list --scope 10804 --date 2026-11-22 --format json
    """
    from tracker.cli.output import opened, render_json, render_table
    from tracker.clock import VIETNAM, today
    from tracker.hierarchy import find_unit
    from tracker.tasks import list_tasks

    on = day.date() if day else today()
    with app.sessions()() as session:
        unit = find_unit(session, scope, on) if scope else None
        views = list_tasks(session, unit, on)
    if output_format == "json":
        text = render_json({"tasks": [view.as_json() for view in views]})
    else:
        rows = [
            (
                view.code,
                view.title,
                view.due.isoformat(),
                a.team,
                str(a.status),
                a.done_at.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M") if a.done_at else "",
            )
            for view in views
            for a in view.assignments
        ]
        headers = ("code", "title", "due", "team", "status", "done_at")
        text = render_table(headers, rows) + "\n"
    with opened(output) as handle:
        handle.write(text)


@task.command("done")
@click.argument("code")
@click.option("--team", "team_code", required=True, metavar="TEAM")
@click.option("--note")
@click.option("--officer", help="Who records it (kept in the audit log).")
@pass_app
def done(app: AppContext, code: str, team_code: str, note: str | None, officer: str | None) -> None:
    """Mark a team's assignment of a task done, now.

    \b
    Example:
      tracker task done ZALO1 --team CNCD_DongLac_DongCam --note "Đã lập" --officer "Cán bộ xã"
    """
    from tracker.cli.actor import actor
    from tracker.store.engine import transaction
    from tracker.tasks import mark_done

    with transaction(app.sessions()) as session:
        mark_done(session, code, team_code, actor(app, officer), note=note)
    click.echo(f"task {code} done for {team_code}", err=True)
