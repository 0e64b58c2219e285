"""`tracker outbox list|retry`: what sync has queued, and resending what did not go out."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import opened, output_options, render_json, render_table

_STATUSES = ["unsent", "pending", "failed", "expired", "unknown", "sent", "all"]


@click.group()
def outbox() -> None:
    """The messages sync sends: replies, digests, reminders, notices.

    A message that fails for a reason that can pass (network, timeout, 5xx, 429)
    stays `pending` and is retried with a growing pause until it is no longer worth
    sending: a reply until the end of its day (Vietnam time), a digest, reminder or
    overdue flag until the next digest. Then it ends `expired`. A definite refusal
    (400 chat not found, 403 bot removed...) ends it `failed`. A send that got no
    answer in time ([sync] send_timeout) may have been delivered: it ends `unknown`
    and is never resent on its own, to post nothing twice.

    \b
    Example:
      tracker outbox list
      tracker outbox list --status failed --format json
      tracker outbox retry 42
      tracker outbox retry --all-failed
    """


@outbox.command("list")
@click.option(
    "--status",
    type=click.Choice(_STATUSES),
    default="unsent",
    show_default=True,
    help="Which messages: unsent means pending, failed, expired and unknown.",
)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@output_options("table", "json")
@pass_app
def list_(
    app: AppContext, status: str, limit: int, output_format: str, output: Path | None
) -> None:
    """List outbox messages, newest first, with why each did not go out.

    \b
    Example:
      tracker outbox list --status failed
      tracker outbox list --status unknown --format json -o unknown.json
    """
    from tracker.sync.outbox import STATUSES, list_outbox

    wanted = {"unsent": [s for s in STATUSES if s != "sent"], "all": list(STATUSES)}
    with app.sessions()() as session:
        rows = list_outbox(session, wanted.get(status, [status]), limit)
    with opened(output) as handle:
        if output_format == "json":
            handle.write(render_json({"messages": [row.as_dict() for row in rows]}))
            return
        headers = ["id", "status", "kind", "channel", "chat", "tries", "queued", "error"]
        table = [
            [
                row.id,
                row.status,
                row.kind,
                row.channel,
                row.chat_id,
                row.attempts,
                str(row.as_dict()["created_at"])[:16].replace("T", " "),
                _short(row.last_error or ""),
            ]
            for row in rows
        ]
        handle.write(render_table(headers, table) + "\n")


@outbox.command()
@click.argument("ids", metavar="[ID]...", type=int, nargs=-1)
@click.option("--all-failed", is_flag=True, help="Every message that ended failed.")
@click.option("--officer", help="Who does it (kept in the audit log).")
@pass_app
def retry(app: AppContext, ids: tuple[int, ...], all_failed: bool, officer: str | None) -> None:
    """Queue messages again that ended failed, expired or unknown (by ID, from
    `tracker outbox list`); the next `tracker sync` sends them. Each gets one more
    day before it expires again. Resending an `unknown` one may post it twice:
    look in the chat first.

    \b
    Example:
      tracker outbox retry 42 43
      tracker outbox retry --all-failed --officer "Cán bộ huyện"
    """
    from tracker.cli.actor import actor
    from tracker.errors import UserError
    from tracker.store.engine import transaction
    from tracker.sync.outbox import TEXT, retry_messages

    if bool(ids) == all_failed:
        raise UserError(TEXT(app.language, "which"))
    with transaction(app.sessions()) as session:
        done = retry_messages(
            session,
            ids,
            actor(app, officer),
            all_failed=all_failed,
            language=app.language,
        )
    shown = f": {_ids(done)}" if done else ""
    click.echo(TEXT(app.language, "queued_again", count=len(done), ids=shown))


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" … (+{len(ids) - 20})" if len(ids) > 20 else "")
