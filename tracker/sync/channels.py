"""The configured channels: building their adapters, and pulling them into the journal.

Each pull's messages and the cursor after them are stored in one transaction, before
the next pull: on Telegram the next getUpdates is what confirms them to the server, and
on Zalo the server has already forgotten the event. Stopped at any moment, sync loses
and doubles nothing (beyond the one Zalo event in flight, which Zalo itself gives only
once).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from adapters.base import (
    Adapter,
    AdapterError,
    AuthFailed,
    Context,
    NotReady,
    PollConflict,
    WebhookActive,
)
from tracker.channel_setup import build_adapter, check_names, configured, secret_values
from tracker.config import Settings
from tracker.journal import cursor, record, save_cursor
from tracker.oa_tokens import StoredTokens
from tracker.sync import logs

log = logging.getLogger("tracker.sync")

MAX_PULLS = 10_000  # per cycle, so that a flood cannot keep sync from sending
# After a channel could not be reached: wait this long before trying it again, doubled
# at each outage in a row, up to OUTAGE_CAP. Meanwhile its messages stay queued and
# the other channels go on.
OUTAGE_DELAY = 30.0
OUTAGE_CAP = 300.0
WEBHOOK_RECHECK = 300.0  # while a webhook is set, look again this often


@dataclass
class Channel:
    name: str
    adapter: Adapter
    disabled: str | None = None  # why pulling stopped for the rest of the process
    paused: str | None = None  # why pulling waits (a webhook is set, another poller)
    unreachable: str | None = None  # why neither pulls nor sends are tried now
    retry_at: float = 0.0  # when (pacer's clock) to try pulling or sending again
    outages: int = field(default=0)  # in a row, for the back-off

    def resting(self, now: float) -> bool:
        """Whether the channel is down and not yet due for another try."""
        return self.unreachable is not None and now < self.retry_at

    def down(self, reason: str, now: float) -> None:
        """The channel could not be reached: say so once, try again after a back-off."""
        delay = min(OUTAGE_CAP, OUTAGE_DELAY * 2**self.outages)
        self.outages += 1
        self.retry_at = now + delay
        if self.unreachable is None:
            log.warning(
                "%s: cannot be reached (%s); its messages stay queued, trying again in %g s",
                self.name,
                reason,
                delay,
            )
        else:
            log.debug("%s: still unreachable (%s)", self.name, reason)
        self.unreachable = reason

    def up(self) -> None:
        if self.unreachable is not None:
            log.info("%s: reachable again", self.name)
        self.unreachable = None
        self.outages = 0


def pull_channel(
    sessions: sessionmaker[Session],
    channel: Channel,
    *,
    wait: float = 0.0,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Pull and journal until the channel has nothing more; the first pull may wait
    `wait` seconds for something to come (long polling). Returns the new rows stored.

    A channel that cannot be reached (after the adapter's own few retries) is left
    at once, marked down: it must not hold up the other channels, the journal's
    processing or the sends that can go.
    """
    if channel.disabled:
        return 0
    if not channel.adapter.capabilities.polling:
        channel.disabled = "it receives only by webhook; run `tracker serve`"
        log.info("%s: not polling: %s", channel.name, channel.disabled)
        return 0
    if clock() < channel.retry_at:
        return 0
    received = 0
    with sessions() as session:
        position = cursor(session, channel.name)
    for _ in range(MAX_PULLS):
        try:
            messages, position_after = channel.adapter.pull(position, wait=wait)
        except WebhookActive as error:
            _pause(channel, f"a webhook is set ({error}); receive with `tracker serve`")
            channel.retry_at = clock() + WEBHOOK_RECHECK
            return received
        except PollConflict as error:
            # Each poller's getUpdates ends the other's: warn every time, and yield.
            log.warning("%s: not polling for %g s: %s", channel.name, error.delay, error)
            channel.paused = str(error)
            channel.retry_at = clock() + error.delay
            return received
        except AuthFailed:
            raise
        except AdapterError as error:  # Unreachable, throttled, or a refusal of the pull
            channel.down(str(error), clock())
            return received
        channel.up()
        if channel.paused is not None:
            log.info("%s: polling again", channel.name)
            channel.paused = None
        wait = 0.0
        if not messages and position_after == position:
            return received
        with sessions.begin() as session:
            received += record(session, messages).new
            if position_after is not None and position_after != position:
                save_cursor(session, channel.name, position_after)
        position = position_after  # only this process pulls this channel (Telegram: 409)
    return received


def _pause(channel: Channel, reason: str) -> None:
    """Pulling waits; said once (not at every look), as the state lasts."""
    if channel.paused != reason:
        log.warning(
            "%s: not polling, looking again every %g s: %s", channel.name, WEBHOOK_RECHECK, reason
        )
    channel.paused = reason


def build_channels(
    settings: Settings, sessions: sessionmaker[Session] | None = None, **options: object
) -> list[Channel]:
    """One Channel per configured adapter; `options` go to each adapter (`timeout`,
    `send_timeout` and `sleep` through its Context, the rest as test doubles).

    `sessions` is the store, where a channel whose tokens expire keeps its token pair.
    A configured channel that cannot work yet is left out, with a warning.
    """
    check_names(settings)
    channels = []
    for name in configured(settings):
        try:
            adapter: Adapter = build_adapter(
                settings, name, _context(settings, name, sessions, options)
            )
        except NotReady as reason:
            # The other channels go on; this one's replies wait in the outbox meanwhile.
            log.warning("%s: %s", name, reason)
            continue
        channels.append(Channel(name, adapter))
    return channels


def _context(
    settings: Settings,
    name: str,
    sessions: sessionmaker[Session] | None,
    options: dict[str, object],
) -> Context:
    extra = {k: v for k, v in options.items() if k not in ("timeout", "send_timeout", "sleep")}

    def tokens() -> UnloggedTokens:
        assert sessions is not None
        return UnloggedTokens(sessions, name)

    return Context(
        purpose="sync",
        timeout=float(options.get("timeout", settings.sync_timeout)),  # type: ignore[arg-type]
        send_timeout=float(options.get("send_timeout", settings.send_timeout)),  # type: ignore[arg-type]
        sleep=options.get("sleep", time.sleep),  # type: ignore[arg-type]
        tokens=tokens if sessions is not None else None,
        extra=extra,
    )


class UnloggedTokens(StoredTokens):
    """A channel's stored pair, each token kept out of the logs once it is read or saved."""

    def load(self) -> tuple[str, str]:
        pair = super().load()
        logs.hide(*pair)
        return pair

    def save(self, access: str, refresh: str, expires_in: float | None = None) -> None:
        logs.hide(access, refresh)
        super().save(access, refresh, expires_in)


def secrets(settings: Settings) -> list[str]:
    """Every secret in the settings, for redaction."""
    return secret_values(settings)
