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
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from adapters.base import Adapter, AdapterError, AuthFailed, PollConflict, WebhookActive
from adapters.registry import adapter_names, load_adapter
from tracker.config import OWN_TABLES, ChannelSettings, ConfigError, Settings, ZaloOASettings
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


def configured(settings: Settings) -> list[str]:
    """The adapters `tracker sync` can use with these settings, by name."""
    found = []
    for name in adapter_names():
        channel = getattr(settings, name, None) if name in OWN_TABLES else None
        if isinstance(channel, ChannelSettings | ZaloOASettings):
            if channel.enabled:
                found.append(name)
        elif name in settings.channels and settings.channels[name].enabled:
            found.append(name)
    return found


def build_channels(
    settings: Settings, sessions: sessionmaker[Session] | None = None, **options: object
) -> list[Channel]:
    """One Channel per configured adapter; `options` go to each adapter's constructor.

    `sessions` is the store, where the Zalo OA keeps its token pair.
    """
    channels = []
    unknown = sorted(set(settings.channels) - set(adapter_names()))
    if unknown:
        log.warning(
            "config: [channels.%s] names no installed adapter (see `tracker adapters`)",
            unknown[0],
        )
    for name in configured(settings):
        factory = load_adapter(name)
        adapter: Adapter
        if name == "zalo_oa":
            built = _zalo_oa(factory, settings.zalo_oa, sessions, options)
            if built is None:
                continue
            adapter = built
        elif name in OWN_TABLES:
            channel = getattr(settings, name)
            assert isinstance(channel, ChannelSettings) and channel.token is not None
            timeouts: dict[str, object] = {"timeout": settings.sync_timeout}
            if name == "telegram":
                timeouts["send_timeout"] = settings.send_timeout
            adapter = factory(channel.token.reveal(), channel.api_base, **{**timeouts, **options})
        else:
            token, api_base, extra = settings.channels[name].arguments()
            try:
                adapter = factory(token, api_base, **extra, **options)
            except TypeError as error:  # an option the adapter does not take
                raise ConfigError(f"[channels.{name}]: {error}") from None
        channels.append(Channel(name, adapter))
    return channels


class UnloggedTokens(StoredTokens):
    """The OA's stored pair, each token kept out of the logs once it is read or saved."""

    def load(self) -> tuple[str, str]:
        pair = super().load()
        logs.hide(*pair)
        return pair

    def save(self, access: str, refresh: str, expires_in: float | None = None) -> None:
        logs.hide(access, refresh)
        super().save(access, refresh, expires_in)


def _zalo_oa(
    factory: Any,
    oa: ZaloOASettings,
    sessions: sessionmaker[Session] | None,
    options: dict[str, object],
) -> Adapter | None:
    """The OA adapter on the stored token pair; None (and a warning) until one is stored."""
    if sessions is None:
        raise ConfigError("zalo_oa: the store is needed for the OA's tokens")
    tokens = UnloggedTokens(sessions)
    if not tokens.stored():
        # The other channels go on; the OA's replies wait in the outbox meanwhile.
        log.warning(
            "zalo_oa: not sending: no OA token pair stored yet; run "
            "`tracker channels zalo-oa set-token` once (see its --help)"
        )
        return None
    assert oa.app_secret is not None
    oa_options = {k: v for k, v in options.items() if k in ("timeout", "sleep")}
    adapter: Adapter = factory(
        tokens, oa.app_id, oa.app_secret.reveal(), oa.api_base, oa.oauth_base, **oa_options
    )
    return adapter


def secrets(settings: Settings) -> list[str]:
    """Every secret in the settings, for redaction."""
    found = []
    for name in OWN_TABLES:
        channel = getattr(settings, name, None)
        if isinstance(channel, ChannelSettings):
            found += [s.reveal() for s in (channel.token, channel.webhook_secret) if s]
    found += [s.reveal() for s in (settings.zalo_oa.secret_key, settings.zalo_oa.app_secret) if s]
    for extra in settings.channels.values():
        found += extra.secrets()
    return found
