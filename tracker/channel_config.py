"""Each channel's options as the config gives them, before its adapter reads them.

One adapter's options can be written four ways, read in this order (later wins):

    [<name>] <option>                      the tables older configs have ([telegram]...)
    [channels.<name>] <option>
    TRACKER_<NAME>_<OPTION>                the variables older setups have
    TRACKER_CHANNELS__<NAME>__<OPTION>

No adapter is imported here: which names are adapters comes from the entry points, and
which options an adapter takes is checked when it is built (`tracker.sync.channels`),
so that a command that sends nothing never loads one. The tables and the
`TRACKER_CHANNELS__` variables are checked strictly there; a `TRACKER_<NAME>_<OPTION>`
variable is read only for an option the adapter takes (the `TRACKER_` namespace has
other variables, such as the ones `tracker channels zalo-oa set-token` reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tracker.errors import UserError

if TYPE_CHECKING:
    from tracker.config import Secret

CHANNEL_ENV = "TRACKER_CHANNELS__"
# Options whose name contains one of these are secrets before the adapter says so.
_SECRET_WORDS = ("token", "secret", "key", "password")
_OFF = ("false", "0", "no", "off")


class ConfigError(UserError):
    """A setting that cannot be used; the message names the setting and where it is."""


@dataclass(frozen=True)
class ChannelConfig:
    """One channel's options, each with where it was written (for error messages)."""

    name: str
    options: Mapping[str, str | Secret] = field(default_factory=dict)
    where: Mapping[str, str] = field(default_factory=dict)
    # TRACKER_<NAME>_<OPTION>: read only for the options the adapter takes.
    loose: Mapping[str, str | Secret] = field(default_factory=dict)
    loose_where: Mapping[str, str] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        """Whether anything configures it, and `enabled = false` does not turn it off."""
        flag = str(_reveal(self.options.get("enabled", "true"))).lower()
        return bool(self.options or self.loose) and flag not in _OFF

    def values(self, taken: set[str] | None) -> dict[str, str]:
        """The options as text, secrets revealed: every strict one (an unknown one is the
        builder's to refuse), and the loose ones the adapter takes (`taken`; None: an
        adapter that lists no options, which never had variables of that spelling)."""
        from_env = {k for k, where in self.where.items() if where.startswith(CHANNEL_ENV)}
        tables = {k: v for k, v in self.options.items() if k not in from_env}
        loose = {k: v for k, v in self.loose.items() if taken is not None and k in taken}
        later = {k: v for k, v in self.options.items() if k in from_env}
        merged = {**tables, **loose, **later}
        return {k: _reveal(v) for k, v in merged.items() if k != "enabled"}

    def place(self, option: str) -> str:
        """Where `option` was written: a table in a file or a variable."""
        return self.where.get(option) or self.loose_where.get(option) or f"[channels.{self.name}]"

    def secrets(self) -> list[str]:
        values = [*self.options.values(), *self.loose.values()]
        return [_reveal(v) for v in values if not isinstance(v, str) and _reveal(v)]


def read_channels(
    data: Mapping[str, object],
    env: Mapping[str, str],
    adapters: list[str],
    path: str,
    secret: type[Secret],
) -> dict[str, ChannelConfig]:
    """Every channel the config names: `[channels.*]`, the adapters' own top-level
    tables (taken out of `data` by the caller), and the variables."""
    found: dict[str, dict[str, tuple[object, str]]] = {}
    loose: dict[str, dict[str, tuple[object, str]]] = {}
    for name in adapters:
        table = data.get(name)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        for key, value in table.items():
            found.setdefault(name, {})[str(key).lower()] = (value, f"[{name}] {key} in {path}")
    tables = data.get("channels", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{path}: [channels] must be a table of [channels.<name>] tables")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [channels.{name}] must be a table")
        for key, value in table.items():
            where = f"[channels.{name}] {key} in {path}"
            found.setdefault(str(name).lower(), {})[str(key).lower()] = (value, where)
    by_prefix = sorted(adapters, key=len, reverse=True)  # TRACKER_ZALO_OA_ before TRACKER_ZALO_
    for variable, value in sorted(env.items()):
        if variable.startswith(CHANNEL_ENV):
            name, _, option = variable[len(CHANNEL_ENV) :].partition("__")
            if not name or not option or "__" in option:
                raise ConfigError(
                    f"{variable}: write it as {CHANNEL_ENV}<NAME>__<OPTION>, "
                    f"e.g. {CHANNEL_ENV}GAPO__TOKEN"
                )
            found.setdefault(name.lower(), {})[option.lower()] = (value, variable)
            continue
        for name in by_prefix:
            prefix = f"TRACKER_{name.upper()}_"
            if variable.startswith(prefix) and value:
                loose.setdefault(name, {})[variable[len(prefix) :].lower()] = (value, variable)
                break
    channels = {}
    for name in sorted({*found, *loose}):
        strict = found.get(name, {})
        lax = loose.get(name, {})
        channels[name] = ChannelConfig(
            name,
            {key: _typed(key, value, where, secret) for key, (value, where) in strict.items()},
            {key: where for key, (_, where) in strict.items()},
            {key: _typed(key, value, where, secret) for key, (value, where) in lax.items()},
            {key: where for key, (_, where) in lax.items()},
        )
    return channels


def _typed(key: str, value: object, where: str, secret: type[Secret]) -> str | Secret:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict | list):
        kind = "a table" if isinstance(value, dict) else "a list"
        raise ConfigError(f"{where}: an option is one value, not {kind}")
    else:
        text = str(value)
    return secret(text) if text and any(word in key for word in _SECRET_WORDS) else text


def _reveal(value: object) -> str:
    reveal = getattr(value, "reveal", None)
    return str(reveal()) if callable(reveal) else str(value)
