"""`tracker review list|accept|reject`: the review inbox from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import opened, output_options, render_json, render_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.review import ReviewRow
    from tracker.review_query import InboxFilter

F = TypeVar("F", bound=Callable[..., Any])

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
      tracker review list --scope 10804
      tracker review accept 12 --team CNCD_DongLac_DongCam
      tracker review reject 13 --reason "người dân, không phải thành viên"
      tracker review link 14 --team CNCD_DongLac_DongCam --member "Đỗ Thị Hoa"
    """


_SCOPE = click.option(
    "--scope", metavar="UNIT", help="Only the items of the teams and chats under this unit."
)
_TEAM = click.option("--team", "team_filter", metavar="CODE", help="Only this team's items.")
_OLDER = click.option(
    "--older-than", type=click.IntRange(min=0), metavar="DAYS", help="Only items older than this."
)


def _held_for(*names: str) -> Callable[[F], F]:
    return click.option(
        *names,
        "held_for",
        multiple=True,
        metavar="REASON",
        help="Only items held for this reason: a code, its words (diacritics optional) "
        "or 'chatter' (empty, no number, unknown indicator). Repeatable.",
    )


@review.command("list")
@click.option(
    "--status",
    type=click.Choice(["open", "accepted", "rejected", "all"]),
    default="open",
    show_default=True,
)
@_SCOPE
@_held_for("--reason", "--held-for")
@_TEAM
@_OLDER
@click.option(
    "--newer-than", type=click.IntRange(min=0), metavar="DAYS", help="Only items this recent."
)
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(["date", "team", "sender", "reason"]),
    default="date",
    show_default=True,
)
@click.option("--reverse", is_flag=True, help="Newest (or last) first.")
@output_options("table", "json")
@pass_app
def list_(
    app: AppContext,
    status: str,
    scope: str | None,
    held_for: tuple[str, ...],
    team_filter: str | None,
    older_than: int | None,
    newer_than: int | None,
    sort_by: str,
    reverse: bool,
    output_format: str,
    output: Path | None,
) -> None:
    """List review items, oldest message first; reasons in words (json keeps the codes).

    \b
    Example:
      tracker review list --scope 10804
      tracker review list --reason "nguoi gui chua dang ky" --older-than 7
      tracker review list --status all --format json
    """
    from tracker.clock import local_date
    from tracker.review_query import InboxFilter, sorted_rows
    from tracker.review_words import reason_words

    wanted = InboxFilter(_reasons(held_for), team_filter, older_than, newer_than)
    with app.sessions()() as session:
        rows = sorted_rows(_inbox(app, session, scope, wanted, status), sort_by, reverse)
    with opened(output) as handle:
        if output_format == "json":
            handle.write(render_json({"items": [row.as_dict() for row in rows]}))
            return
        language = app.settings.language
        words = _LIST_HEADERS[language if language in _LIST_HEADERS else "vi"]
        table = [
            [
                row.id,
                local_date(row.sent_at).strftime("%d/%m/%Y"),
                _short(row.team_name or row.team or "", 24),
                _short(row.sender_name or row.sender_id or "", 20),
                reason_words(language, row.reason),
                _short(row.text),
            ]
            + ([] if status == "open" else [row.status])
            for row in rows
        ]
        headers = words[:6] + ([] if status == "open" else words[6:])
        handle.write(render_table(headers, table) + "\n")


_LIST_HEADERS = {
    "vi": ["mã", "ngày", "tổ", "người gửi", "lý do", "nội dung", "trạng thái"],
    "en": ["id", "date", "team", "sender", "reason", "text", "status"],
}


def _reasons(texts: tuple[str, ...]) -> frozenset[str]:
    from tracker.review_words import parse_reasons

    return parse_reasons(texts)


def _inbox(
    app: AppContext, session: Session, scope: str | None, wanted: InboxFilter, status: str
) -> list[ReviewRow]:
    from tracker.clock import today
    from tracker.hierarchy import find_team, find_unit
    from tracker.review_query import inbox

    unit = find_unit(session, scope) if scope else None
    if wanted.team is not None:
        find_team(session, wanted.team)  # an unknown code is an error, not an empty list
    return inbox(session, unit, today(), wanted, status)


@review.command()
@click.argument("item_id", metavar="ID", type=int)
@click.option("--team", metavar="CODE", help="The team to count it for.")
@click.option(
    "--indicator",
    metavar="NAME",
    help="The indicator it counts for: its code, name or any alias the chat accepts.",
)
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
      tracker review accept 12 --team CNCD_DongLac_DongCam --indicator ttdt --value 12
      tracker review accept 12 --indicator "thanh toán điện tử" --value 12
    """
    from tracker.review import accept as run
    from tracker.review_query import resolve_indicator

    with app.sessions().begin() as session:
        officer = _decider(app, session, officer, item_id, team, "accept")
        if indicator is not None:
            indicator = resolve_indicator(session, indicator)
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
@click.argument("item_ids", metavar="[ID]...", type=int, nargs=-1)
@click.option("--reason", help="Why it is not counted.")
@_SCOPE
@_held_for("--held-for")
@_TEAM
@_OLDER
@click.option("--yes", is_flag=True, help="Do not ask before rejecting several items.")
@_OFFICER
@pass_app
def reject(
    app: AppContext,
    item_ids: tuple[int, ...],
    reason: str | None,
    scope: str | None,
    held_for: tuple[str, ...],
    team_filter: str | None,
    older_than: int | None,
    yes: bool,
    officer: str | None,
) -> None:
    """Do not count review item ID, or every open item the filters choose (asked once).

    All are rejected or none: a refusal leaves every item as it was.

    \b
    Example:
      tracker review reject 13 --reason "trùng với báo cáo hôm qua"
      tracker review reject --held-for chatter --older-than 30 --reason "tin cũ"
    """
    from tracker.review import reject as run
    from tracker.review_query import InboxFilter

    bulk = bool(held_for or team_filter or older_than is not None or scope)
    if item_ids and bulk:
        raise click.UsageError("give IDs or filters (--scope, --held-for, --team, --older-than)")
    if not item_ids and not bulk:
        raise click.UsageError("give an ID, or filters choosing the items to reject")
    wanted = InboxFilter(_reasons(held_for), team_filter, older_than)
    with app.sessions().begin() as session:
        ids = list(item_ids) or [row.id for row in _inbox(app, session, scope, wanted, "open")]
        if bulk:
            if not ids:
                click.echo("no open review item matches", err=True)
                return
            if not yes:
                click.confirm(f"reject {len(ids)} review item(s)?", abort=True, err=True)
        for item_id in ids:
            decider = _decider(app, session, officer, item_id, None, "reject")
            run(session, item_id, officer=decider, reason=reason)
    if len(ids) == 1:
        click.echo(f"rejected review item {ids[0]}")
    else:
        click.echo(f"rejected {len(ids)} review items")


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
      tracker review link 14 --team CNCD_DongLac_DongCam --member "do thi hoa"
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
