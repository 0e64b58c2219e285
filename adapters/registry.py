"""Adapters by name, from the `tracker.adapters` entry-point group, and building one.

Listing names imports no adapter: a Gapo adapter (say) installed from another
package shows up here, and is imported only when it is used. The built-in adapters are
found the same way (the project's own entry points): the core has no list of them.

An adapter may leave out the optional parts of the contract (`adapters.base.AdapterBase`
gives their defaults); `part` reads one with its default, so that the core never has to
ask whether a plugin wrote it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.base import Context, Option

GROUP = "tracker.adapters"


class UnknownAdapter(LookupError):
    pass


def _targets() -> dict[str, str]:
    return {point.name: point.value for point in entry_points(group=GROUP)}


def adapter_names() -> list[str]:
    """Every adapter that can be loaded, sorted, without importing any of them."""
    return sorted(_targets())


def adapter_target(name: str) -> str:
    """The `module:attribute` an adapter is loaded from."""
    try:
        return _targets()[name]
    except KeyError:
        known = ", ".join(adapter_names())
        raise UnknownAdapter(f"no adapter named {name!r} (known: {known})") from None


def load_adapter(name: str) -> Any:
    """The adapter class registered under `name` (imports it)."""
    return _load(adapter_target(name))


@cache
def _load(target: str) -> Any:
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def part(adapter: Any, name: str) -> Any:
    """An optional part of the contract (`canonical_chat_id`, `webhook_paths`...) of an
    adapter class or instance, or its default from `AdapterBase`."""
    found = getattr(adapter, name, None)
    from adapters.base import AdapterBase  # not loaded by a read that only lists names

    return found if found is not None else getattr(AdapterBase, name)


def declared_options(adapter: Any) -> tuple[Option, ...] | None:
    """The options an adapter lists, or None when it lists none (an older plugin, built
    as `Adapter(token, api_base, **options)`, whose constructor says what it takes)."""
    options = getattr(adapter, "options", None)
    return tuple(options) if options is not None and hasattr(adapter, "configure") else None


def build(adapter: Any, options: Mapping[str, str], context: Context) -> Any:
    """An adapter instance from its options. An adapter without `configure` is built as
    `Adapter(token, api_base, **other options, **context.extra)`; TypeError then means
    an option its constructor does not take."""
    configure = getattr(adapter, "configure", None)
    if configure is not None:
        return configure(options, context)
    rest = dict(options)
    token = rest.pop("token", "")
    api_base = rest.pop("api_base", "").rstrip("/")
    return adapter(token, api_base, **rest, **context.extra)
