"""Building the configured channels' adapters from the settings, through the registry."""

from __future__ import annotations

from adapters.base import Adapter
from adapters.registry import adapter_names, load_adapter
from tracker.config import ChannelSettings, Settings
from tracker.sync.channels import Channel


def configured(settings: Settings) -> dict[str, ChannelSettings]:
    """The channels with a token set, by adapter name."""
    found = {}
    for name in adapter_names():
        channel = getattr(settings, name, None)
        if isinstance(channel, ChannelSettings) and channel.enabled:
            found[name] = channel
    return found


def build_channels(settings: Settings, **options: object) -> list[Channel]:
    """One Channel per configured adapter; `options` go to each adapter's constructor."""
    channels = []
    for name, channel in configured(settings).items():
        assert channel.token is not None
        factory = load_adapter(name)
        adapter: Adapter = factory(channel.token.reveal(), channel.api_base, **options)
        channels.append(Channel(name, adapter))
    return channels


def secrets(settings: Settings) -> list[str]:
    """Every secret in the settings, for redaction."""
    found = []
    for name in adapter_names():
        channel = getattr(settings, name, None)
        if isinstance(channel, ChannelSettings):
            found += [s.reveal() for s in (channel.token, channel.webhook_secret) if s]
    return found
