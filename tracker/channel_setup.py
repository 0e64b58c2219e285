"""Building a configured channel's adapter, the same way for `sync`, `serve` and the CLI.

The adapter is found by name in the `tracker.adapters` entry points (the built-in ones
too), its options are checked against the ones it lists, and it is built from them
with what the core hands every adapter (`adapters.base.Context`). Nothing here knows
one platform from another.
"""

from __future__ import annotations

import logging
from typing import Any

from adapters.base import Context, NotReady
from adapters.registry import adapter_names, build, declared_options, load_adapter
from tracker.channel_config import ChannelConfig, ConfigError
from tracker.config import Settings

log = logging.getLogger("tracker.sync")


def configured(settings: Settings) -> list[str]:
    """The installed adapters the settings configure (and do not turn off), by name."""
    return [
        name
        for name in adapter_names()
        if name in settings.channels and settings.channels[name].enabled
    ]


def check_names(settings: Settings) -> None:
    """A `[channels.<name>]` for no installed adapter is a misspelling or a missing
    package: said in one line, not ignored."""
    installed = adapter_names()
    for name, config in settings.channels.items():
        if name not in installed and config.options:
            where = next(iter(config.where.values()), f"[channels.{name}]")
            raise ConfigError(
                f"{where}: no adapter named {name!r} is installed "
                f"(installed: {', '.join(installed)}; see `tracker adapters`)"
            )


def options_for(settings: Settings, name: str, adapter: Any) -> dict[str, str]:
    """The adapter's options as text, defaults filled in; an option it does not list
    stops the command in one line naming it and where it was written."""
    config = settings.channels.get(name) or ChannelConfig(name)
    declared = declared_options(adapter)
    taken = {option.name for option in declared} if declared is not None else None
    values = config.values(taken)
    if declared is None:
        return values
    assert taken is not None
    for unknown in sorted(set(values) - taken):
        listed = ", ".join(sorted(taken))
        raise ConfigError(
            f"{config.place(unknown)}: the {name} adapter takes no option {unknown!r} "
            f"(it takes: {listed})"
        )
    for option in declared:
        if option.default and not values.get(option.name):
            values[option.name] = option.default
    return values


def missing(adapter: Any, values: dict[str, str]) -> list[str]:
    """The required options that have no value."""
    declared = declared_options(adapter) or ()
    return [option.name for option in declared if option.required and not values.get(option.name)]


def build_adapter(settings: Settings, name: str, context: Context) -> Any:
    """The adapter `name` built from its options. Raises ConfigError for an option it
    does not take or cannot use, NotReady when it cannot work yet."""
    factory = load_adapter(name)
    values = options_for(settings, name, factory)
    if context.purpose == "sync":
        lacking = missing(factory, values)
        if lacking:
            raise NotReady(f"not used: set {', '.join(lacking)} ([channels.{name}])")
    try:
        return build(factory, values, context)
    except TypeError as error:  # an older plugin's constructor: an option it does not take
        raise ConfigError(f"[channels.{name}]: {error}") from None
    except ValueError as error:  # an option the adapter cannot use, named by the adapter
        raise ConfigError(f"[channels.{name}]: {error}") from None


def secret_values(settings: Settings) -> list[str]:
    """Every secret in the channels' settings, for redaction."""
    return [value for config in settings.channels.values() for value in config.secrets()]


__all__ = ["NotReady", "build_adapter", "check_names", "configured", "options_for"]
