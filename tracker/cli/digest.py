"""`tracker digest`: the daily digest of a unit (or of a team), as text or JSON."""

from __future__ import annotations

from datetime import datetime

import click

from tracker.cli.context import AppContext, pass_app

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.option("--scope", metavar="UNIT", required=True, help="A unit code (or a team code).")
@click.option("--date", "day", type=DATE, help="As of this day (default: today).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--post", is_flag=True, help="Queue it to the outbox for every active chat of the unit."
)
@click.option("--officer", help="Who posts it (kept in the audit log).")
@pass_app
def digest(
    app: AppContext,
    scope: str,
    day: datetime | None,
    output_format: str,
    post: bool,
    officer: str | None,
) -> None:
    """The daily digest: ranking, totals against targets, overdue reports and tasks, movers.

    Text is Vietnamese unless `language = "en"` is set. Parts are separated by a line
    `---` when the text would not fit one Telegram message.

    \b
    Example:
      tracker digest --scope NH --date 2026-11-22
      tracker digest --scope NH --format json
      tracker digest --scope NH --post --officer "Cán bộ xã"
    """
    from sqlalchemy import select

    from tracker.cli.actor import actor
    from tracker.cli.output import render_json
    from tracker.clock import today
    from tracker.digest import build_unit_digest, digest_for_team
    from tracker.errors import Refusal, UserError
    from tracker.hierarchy import find_unit
    from tracker.maps.lookup import unit_by_code
    from tracker.store.engine import transaction
    from tracker.store.models import Team, Unit

    on = day.date() if day else today()
    settings = app.settings
    with transaction(app.sessions()) as session:
        # The unit the code names that day: a reused code names another before and after.
        unit = unit_by_code(session, scope, on)
        if unit is not None:
            result = build_unit_digest(session, unit, on, settings)
        else:
            team = session.scalars(select(Team).where(Team.code == scope)).one_or_none()
            if team is None:
                if session.scalar(select(Unit.id).where(Unit.code == scope).limit(1)):
                    find_unit(session, scope, on)  # refused, naming the unit's own dates
                raise Refusal("code.unknown_team_or_unit", code=scope)
            if post:
                raise UserError("--post takes a unit: a team's chat gets its digest from sync")
            result = digest_for_team(session, team, on, settings)
        queued = 0
        if post and unit is not None:
            from tracker.digest import post_unit_digest

            posted = post_unit_digest(session, unit, on, settings, actor(app, officer))
            queued = sum(chat.queued for chat in posted)
    if output_format == "json":
        click.echo(render_json(result.as_json()), nl=False)
    else:
        from tracker.digest import render_digest

        parts = render_digest(result, settings.language, 4096, "plain")
        click.echo("\n---\n".join(parts))
    if post:
        click.echo(f"queued {queued} message(s) to the outbox", err=True)
