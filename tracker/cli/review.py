"""`tracker review list|accept|reject`: the review inbox from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
from tracker.cli.output import opened, output_options, render_json, render_table

_OFFICER = click.option(
    "--officer",
    help="Who decides, written to the audit log and the entry (default: your login; "
    "another name only for admins once accounts exist).",
)


@click.group()
def review() -> None:
    """The review inbox: report items the tracker would not count on its own.

    \b
    Example:
      tracker review list
      tracker review accept 12 --team CNCD_HoiYen_NguHung
      tracker review reject 13 --reason "người dân, không phải thành viên"
      tracker review link 14 --team CNCD_HoiYen_NguHung --member "Đỗ Thị Hoa"
    """


@review.command("list")
@click.option(
    "--status",
    type=click.Choice(["open", "accepted", "rejected", "all"]),
    default="open",
    show_default=True,
)
@output_options("table", "json")
@pass_app
def list_(app: AppContext, status: str, output_format: str, output: Path | None) -> None:
    """List review items, oldest message first.

    \b
    Example:
      tracker review list --status all --format json
    """
    from tracker.review import list_items

    with app.sessions()() as session:
        rows = list_items(session, status)
    with opened(output) as handle:
        if output_format == "json":
            handle.write(render_json({"items": [row.as_dict() for row in rows]}))
            return
        headers = ["id", "status", "reason", "team", "indicator", "value", "date", "sender", "text"]
        table = [
            [
                row.id,
                row.status,
                row.reason,
                row.team or "",
                row.indicator or "",
                "" if row.value is None else row.value,
                row.as_dict()["local_date"],
                row.sender_name or row.sender_id or "",
                _short(row.text),
            ]
            for row in rows
        ]
        handle.write(render_table(headers, table) + "\n")


@review.command()
@click.argument("item_id", metavar="ID", type=int)
@click.option("--team", metavar="CODE", help="The team to count it for.")
@click.option("--indicator", metavar="CODE", help="The indicator it counts for.")
@click.option("--value", type=int, help="The count to add.")
@_OFFICER
@pass_app
def accept(
    app: AppContext,
    item_id: int,
    team: str | None,
    indicator: str | None,
    value: int | None,
    officer: str | None,
) -> None:
    """Count review item ID, supplying or correcting its team, indicator and value.

    \b
    Example:
      tracker review accept 12 --team CNCD_HoiYen_NguHung --indicator ttdt --value 12
    """
    from tracker.review import accept as run

    with app.sessions().begin() as session:
        officer = _decider(app, session, officer, item_id, team, "accept")
        entry = run(session, item_id, officer=officer, team=team, indicator=indicator, value=value)
        if entry is None:
            click.echo(
                f"review item {item_id} is for an approved month: it waits as after_approval; "
                "accept it again to change the approved figures"
            )
            return
        click.echo(
            f"accepted review item {item_id}: {entry.team.code} {entry.indicator.code} "
            f"+{entry.value} on {entry.local_date.isoformat()} (entry {entry.id})"
        )


@review.command()
@click.argument("item_id", metavar="ID", type=int)
@click.option("--reason", help="Why it is not counted.")
@_OFFICER
@pass_app
def reject(app: AppContext, item_id: int, reason: str | None, officer: str | None) -> None:
    """Do not count review item ID.

    \b
    Example:
      tracker review reject 13 --reason "trùng với báo cáo hôm qua"
    """
    from tracker.review import reject as run

    with app.sessions().begin() as session:
        officer = _decider(app, session, officer, item_id, None, "reject")
        run(session, item_id, officer=officer, reason=reason)
    click.echo(f"rejected review item {item_id}")


@review.command()
@click.argument("item_id", metavar="ID", type=int)
@click.option("--team", metavar="CODE", required=True, help="The member's team.")
@click.option(
    "--member",
    metavar="NAME",
    required=True,
    help="The member's name as on the roster (case and diacritics do not matter).",
)
@_OFFICER
@pass_app
def link(app: AppContext, item_id: int, team: str, member: str, officer: str | None) -> None:
    """The sender of review item ID is MEMBER of TEAM: link their chat account.

    Names an existing member (it adds none). The sender's reports held until they were
    known are processed again, on their own dates, and answered.

    \b
    Example:
      tracker review link 14 --team CNCD_HoiYen_NguHung --member "do thi hoa"
    """
    from tracker.reports.pipeline import process_pending
    from tracker.review import link_sender

    sessions = app.sessions()
    with sessions.begin() as session:
        officer = _decider(app, session, officer, item_id, team, "link")
        linked = link_sender(session, item_id, team=team, member=member, officer=officer)
    stats = process_pending(sessions, app.settings)
    click.echo(
        f"linked review item {item_id}'s sender to {linked.member} ({linked.team_code}); "
        f"{linked.requeued} held message(s) processed again: "
        f"{stats.counted} counted, {stats.review} to review"
    )


def _decider(
    app: AppContext,
    session: Session,
    officer: str | None,
    item_id: int,
    team: str | None,
    verb: str,
) -> str:
    """Who decides on item ID, once allowed to decide on its team (and the team named)."""
    from tracker.cli.actor import acting
    from tracker.officers.review_scope import authorize_review

    who = acting(app, session, officer)
    authorize_review(session, who, item_id, team, what=f"review {verb} {item_id}")
    if who.open_store and not officer:
        return (who.login or "cli")[:100]  # as before accounts: the login alone
    return who.actor


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
