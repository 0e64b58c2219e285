"""Adapters by name, from the `tracker.adapters` entry-point group.

Listing names imports no adapter: a Mocha or Gapo adapter installed from another
package shows up here, and is imported only when it is used.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

GROUP = "tracker.adapters"

# What a source checkout offers even when the package metadata is missing.
BUILT_IN = {
    "telegram": "adapters.telegram:TelegramAdapter",
    "zalo": "adapters.zalo:ZaloAdapter",
    "zalo_oa": "adapters.zalo_oa_api:ZaloOAAdapter",
}


class UnknownAdapter(LookupError):
    pass


def _targets() -> dict[str, str]:
    targets = dict(BUILT_IN)
    for point in entry_points(group=GROUP):
        targets[point.name] = point.value
    return targets


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
    module_name, _, attribute = adapter_target(name).partition(":")
    return getattr(importlib.import_module(module_name), attribute)
