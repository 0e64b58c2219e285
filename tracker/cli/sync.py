"""`tracker sync`: pull, store, reply, remind and post due digests, on every channel."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--once", is_flag=True, help="Drain every channel, process, send, and exit.")
@click.option(
    "--now",
    "now_text",
    metavar="ISO-8601",
    help="Fix the clock (Vietnam time unless an offset is given), for tests and catch-up.",
)
@click.option(
    "--no-pacing",
    is_flag=True,
    hidden=True,
    help="Send as fast as the server answers (loopback tests and benchmarks only).",
)
@pass_app
def sync(app: AppContext, once: bool, now_text: str | None, no_pacing: bool) -> None:
    """Pull from every configured channel, store, reply, remind and post due digests.

    Channels are those configured: TRACKER_TELEGRAM_TOKEN, TRACKER_ZALO_TOKEN, a Zalo
    OA (TRACKER_ZALO_OA_APP_ID with TRACKER_ZALO_OA_APP_SECRET, its tokens stored by
    `tracker channels zalo-oa set-token`; it receives only through `tracker serve`),
    adapters from other packages ([channels.<name>]), or the config file. One line
    per cycle goes to stderr. Without --once it runs until SIGTERM or Ctrl-C,
    finishing the cycle under way.

    A channel that cannot be reached (network down, timeouts, 5xx) is tried five
    times ([sync] timeout, 10 s each, plus short pauses), then left: one line says
    so, its messages stay queued and are retried later, and the other channels go
    on (channels are pulled side by side). So --once ends within about a minute
    and then exits with status 3. A message is failed only on a definite refusal (400, 403);
    one no longer worth sending ends expired (see `tracker outbox --help`).

    \b
    Example:
      tracker sync --once
      tracker sync --once --now 2026-11-22T17:05
      tracker sync
    """
    from tracker.sync.cli import run_sync

    run_sync(app.settings, app.sessions, once=once, now_text=now_text, pacing=not no_pacing)
