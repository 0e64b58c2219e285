"""`tracker audit`: read the audit log, refused attempts included."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import output_options


@click.command()
@click.option("--scope", metavar="UNIT", help="Only what concerns UNIT and the units below it.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this date (YYYY-MM-DD).")
@click.option("--officer", "login", metavar="LOGIN", help="Only what LOGIN did or tried.")
@click.option("--entity", metavar="KIND", help="Only this kind: unit, team, quota, officer...")
@click.option("--limit", default=500, show_default=True, help="At most this many, newest first.")
@output_options("table", "json")
@pass_app
def audit(
    app: AppContext,
    scope: str | None,
    since: object,
    login: str | None,
    entity: str | None,
    limit: int,
    output_format: str,
    output: Path | None,
) -> None:
    """Who changed what, when (Vietnam time), before → after, and the refused attempts.

    \b
    Example:
      tracker audit --scope 10804 --since 2026-11-01
      tracker audit --officer xa.nh --format json
    """
    from datetime import datetime

    from tracker.cli.output import opened, render_json, render_table
    from tracker.hierarchy import find_unit
    from tracker.officers.audit_log import read_audit

    day: date | None = since.date() if isinstance(since, datetime) else None
    with app.sessions()() as session:
        scope_id = find_unit(session, scope).id if scope else None
        rows = read_audit(
            session, scope_id=scope_id, since=day, login=login, entity=entity, limit=limit
        )
    with opened(output) as out:
        if output_format == "json":
            out.write(render_json({"entries": [row.as_json() for row in rows]}))
            return
        vi = app.settings.language == "vi"
        headers = (
            ["lúc", "ai", "việc", "đối tượng", "trước → sau", "từ chối"]
            if vi
            else ["when", "who", "what", "entity", "before → after", "refused"]
        )
        refused = "TỪ CHỐI" if vi else "REFUSED"
        table = [
            [
                row.at.strftime("%Y-%m-%d %H:%M"),
                row.who(),
                row.action,
                f"{row.entity} {row.key}",
                f"{_brief(row.before)} → {_brief(row.after)}",
                refused if row.refused else "",
            ]
            for row in rows
        ]
        out.write(render_table(headers, table) + "\n")


def _brief(value: object) -> str:
    if value is None:
        return "∅"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
