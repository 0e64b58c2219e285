"""What `tracker sync` does once its options are read (kept out of the click module)."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from types import FrameType
from typing import TYPE_CHECKING

import click

from adapters.base import AuthFailed, redact
from adapters.registry import adapter_names
from tracker.clock import parse_moment, pin, utcnow
from tracker.errors import UserError
from tracker.sync import logs
from tracker.sync.channels import build_channels, secrets
from tracker.sync.lease import describe, open_lease, wait_for
from tracker.sync.loop import Sync
from tracker.sync.pacing import Pacer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from tracker.config import Settings

log = logging.getLogger("tracker.sync")


class ChannelsDown(click.ClickException):
    """`--once` when a channel could not be reached: not a user error (1), worth a retry."""

    exit_code = 3


def clock(now_text: str | None, *, frozen: bool) -> Callable[[], datetime]:
    """Real time, or `--now`: fixed for a single run, running on from it for the loop."""
    if now_text is None:
        return utcnow
    try:
        start = parse_moment(now_text)
    except ValueError:
        raise UserError(f"--now: '{now_text}' is not an ISO-8601 time") from None
    pin(start)
    if frozen:
        return lambda: start
    origin = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - origin)


def no_channel_message() -> str:
    """Names the installed adapters, not platforms this module would have to know."""
    installed = ", ".join(adapter_names()) or "none"
    return (
        f"no channel is configured (installed adapters: {installed}): give one its options "
        "in [channels.<name>] of the config file or as TRACKER_CHANNELS__<NAME>__<OPTION>"
    )


def run_sync(
    settings: Settings,
    open_sessions: Callable[[], sessionmaker[Session]],
    *,
    once: bool,
    now_text: str | None,
    pacing: bool,
) -> None:
    """`open_sessions` is called only once the clock is read, so that a bad `--now` is
    told before the store is checked. The command's context is not passed: this module
    sits below the CLI layer (pyproject.toml, [tool.importlinter])."""
    hidden = secrets(settings)
    logs.setup(hidden)
    now = clock(now_text, frozen=once)
    sessions = open_sessions()
    channels = build_channels(settings, sessions)
    if not channels:
        raise UserError(no_channel_message())
    # One sync sends for a store at a time; another waits as a standby (lease.py).
    lease = open_lease(sessions.kw["bind"])
    syncer = Sync(sessions, settings, channels, now=now, pacer=Pacer(enabled=pacing), lease=lease)
    try:
        if once:
            if not lease.acquire():
                log.warning(
                    "sync --once: another `tracker sync` (%s) is sending for this store; "
                    "nothing done here",
                    describe(lease.holder()),
                )
                return
            log.info(syncer.cycle(drain=True).line())
            down = syncer.unreachable()
            if down:
                # Each was told in its own line when it failed; the exit status tells cron.
                raise ChannelsDown(
                    "sync --once: "
                    + ", ".join(c.name for c in down)
                    + " could not be reached; their messages stay queued for the next run"
                )
        else:
            stop = threading.Event()
            _on_signals(stop)
            log.info(
                "sync: running on %s; stop with SIGTERM or Ctrl-C",
                ", ".join(c.name for c in channels),
            )
            if wait_for(lease, stop):
                syncer.run(stop)
            log.info("sync: stopped")
    except AuthFailed as error:
        raise click.ClickException(
            redact(f"{error}: the token was revoked or mistyped; set a new one and restart", hidden)
        ) from None
    finally:
        lease.release()
        syncer.close()


def _on_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():  # a second signal: stop now
            raise KeyboardInterrupt
        log.info("sync: %s received, finishing the cycle under way", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
