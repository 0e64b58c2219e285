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

from adapters.base import Adapter, RetryLater, WebhookActive
from adapters.registry import adapter_names, load_adapter
from tracker.config import OWN_TABLES, ChannelSettings, ConfigError, Settings, ZaloOASettings
from tracker.journal import cursor, record, save_cursor
from tracker.oa_tokens import StoredTokens
from tracker.sync import logs

log = logging.getLogger("tracker.sync")

MAX_RETRIES = 5  # RetryLater answers in a row before a channel is left for the next cycle
MAX_PULLS = 10_000  # per cycle, so that a flood cannot keep sync from sending
MAX_DELAY = 60.0


@dataclass
class Channel:
    name: str
    adapter: Adapter
    disabled: str | None = None  # why pulling stopped for the rest of the process
    failures: int = field(default=0)


def pull_channel(
    sessions: sessionmaker[Session],
    channel: Channel,
    *,
    wait: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Pull and journal until the channel has nothing more; the first pull may wait
    `wait` seconds for something to come (long polling). Returns the new rows stored."""
    if channel.disabled:
        return 0
    if not channel.adapter.capabilities.polling:
        channel.disabled = "it receives only by webhook; run `tracker serve`"
        log.info("%s: not polling: %s", channel.name, channel.disabled)
        return 0
    received = 0
    with sessions() as session:
        position = cursor(session, channel.name)
    for _ in range(MAX_PULLS):
        try:
            messages, position_after = channel.adapter.pull(position, wait=wait)
        except WebhookActive as error:
            channel.disabled = f"a webhook is set ({error}); receive with `tracker serve`"
            log.warning("%s: not polling: %s", channel.name, channel.disabled)
            return received
        except RetryLater as error:
            log.warning("%s: %s", channel.name, error)
            sleep(min(error.delay, MAX_DELAY))
            channel.failures += 1
            if channel.failures >= MAX_RETRIES:  # leave it for the next cycle
                channel.failures = 0
                return received
            continue
        channel.failures = 0
        wait = 0.0
        if not messages and position_after == position:
            return received
        with sessions.begin() as session:
            received += record(session, messages).new
            if position_after is not None and position_after != position:
                save_cursor(session, channel.name, position_after)
        position = position_after  # only this process pulls this channel (Telegram: 409)
    return received


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
            adapter = factory(channel.token.reveal(), channel.api_base, **options)
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
