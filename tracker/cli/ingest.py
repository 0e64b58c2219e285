"""`tracker ingest FILE`: take messages from a Telegram Desktop export or a messages CSV."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app

# Below this a file ingests in a blink and a bar would only flicker.
PROGRESS_FROM = 5000


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replies/--no-replies",
    default=False,
    show_default=True,
    help="Take the file's messages as live ones, answered like them. Off by default: "
    "a file is history, and answering old messages would flood the group.",
)
@pass_app
def ingest(app: AppContext, file: Path, replies: bool) -> None:
    """Take messages from a Telegram Desktop export (result.json) or a messages CSV.

    The CSV has the columns channel,chat_id,message_id,sender_id,sender_name,date,text
    (date ISO-8601, Vietnam time without an offset). Messages already in the store are
    skipped, so running it twice adds nothing. New messages are processed at once.

    \b
    Example:
      tracker ingest ~/Downloads/Telegram/ChatExport_2026-11-20/result.json
      tracker ingest tin-nhan.csv
    """
    from tracker.ingest import ingest as run
    from tracker.ingest import open_source

    source = open_source(file)
    sessions = app.sessions()
    show = source.count >= PROGRESS_FROM and sys.stderr.isatty()
    # One bar for both steps: recording every message, then processing the new ones.
    with _bar(show, 2 * source.count) as step:
        result = run(sessions, app.settings, source, replies=replies, recorded=step, processed=step)
    stats = result.processed
    click.echo(f"read: {result.read}")
    click.echo(f"counted: {stats.counted}")
    click.echo(f"review: {stats.review}")
    click.echo(f"ignored: {result.ignored}")
    click.echo(f"already known: {result.known}")
    if source.skipped:
        click.echo(f"skipped: {source.skipped}")
    if source.chats_left_out:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(source.chats_left_out.items()))
        total = sum(source.chats_left_out.values())
        click.echo(f"chats left out: {total} ({kinds}; not team chats)")
    if stats.failed:
        click.echo(f"failed: {stats.failed}")
        for failure in stats.failures[:10]:
            click.echo(f"  {failure}", err=True)


@contextmanager
def _bar(show: bool, length: int) -> Iterator[Callable[[int], None] | None]:
    if not show:
        yield None
        return
    with click.progressbar(length=length, label="Ingesting", file=sys.stderr) as progress:
        yield progress.update
