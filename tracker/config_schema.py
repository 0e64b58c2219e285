"""What `tracker.toml` may hold, checked as it is read.

A wrong value, an unknown key or a misspelt table stops the command with one line that
names the key and the file (or the variable), e.g.

    /etc/tracker/tracker.toml: [deadlines] village = 'mười tám': not a whole number

Written by hand rather than with pydantic-settings: the schema is a dozen keys, the
variables keep their older flat spellings (`TRACKER_SYNC_TIMEOUT`, not
`TRACKER_SYNC__TIMEOUT`), and pydantic's import alone took 150-250 ms on the 2-core
machine, paid by every command that reads its settings, for what these forty lines do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import time
from typing import Any

from tracker.channel_config import ConfigError

LEVELS = ("village", "commune", "district", "province")


class Bad(ValueError):
    """A value that does not fit; the message says what was wanted."""


Check = Callable[[object], Any]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise Bad("not text (put it in quotes)")
    return value


def _language(value: object) -> str:
    if value not in ("vi", "en"):
        raise Bad('not a language: "vi" or "en"')
    return str(value)


def _whole(low: int, high: int | None = None) -> Check:
    def check(value: object) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Bad("not a whole number")
        if value < low or (high is not None and value > high):
            raise Bad(f"not between {low} and {high}" if high else f"less than {low}")
        return value

    return check


def _seconds(value: object) -> float:
    try:
        seconds = float(value) if not isinstance(value, bool) else 0.0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = 0.0
    if not seconds > 0:
        raise Bad("not a positive number of seconds")
    return seconds


def _clock_time(value: object) -> time:
    try:
        hour, minute = str(value).split(":")
        return time(int(hour), int(minute))
    except ValueError:
        raise Bad('not a time like "17:00"') from None


class _Table:
    """A table whose keys are fixed (`keys`) or free, each value checked by `value`."""

    def __init__(
        self, keys: Mapping[str, Check | _Table] | None = None, value: Check | None = None
    ):
        self.keys, self.value = keys, value


SCHEMA = _Table(
    {
        "db_url": _text,
        "language": _language,
        "officer": _text,
        "teams": _Table({"member_caps": _Table(dict.fromkeys(LEVELS, _whole(1)))}),
        "deadlines": _Table(dict.fromkeys(LEVELS, _whole(1, 31))),
        "digest": _Table({"time": _clock_time}),
        "reminder": _Table({"days": _whole(0, 31)}),
        "indicators": _Table({"max_per_report": _Table(value=_whole(0))}),
        "sync": _Table({"timeout": _seconds, "send_timeout": _seconds}),
        "dashboard": _Table({"previous_month_days": _whole(0, 28)}),
    }
)
_BY_PATH = {
    "language": _language,
    "sync.timeout": _seconds,
    "sync.send_timeout": _seconds,
}


def check_document(data: Mapping[str, Any], path: str, adapters: list[str]) -> dict[str, Any]:
    """`data` (the TOML without the channels' tables) with every value checked and typed."""
    return _check(SCHEMA, data, (), path, adapters)


def env_setting(env: Mapping[str, str], variable: str, key: str) -> Any:
    """The variable's value checked like `key` in the file, or None when it is not set."""
    value = env.get(variable)
    if not value:
        return None
    try:
        return _BY_PATH[key](value)
    except Bad as error:
        raise ConfigError(f"{variable} = {value!r}: {error}") from None


def _check(
    table: _Table, data: Mapping[str, Any], at: tuple[str, ...], path: str, adapters: list[str]
) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in data.items():
        rule = table.value if table.keys is None else table.keys.get(key)
        where = f"[{key}]" if not at and isinstance(value, dict) else _where(at, key)
        if rule is None:
            raise ConfigError(f"{path}: {where}: {_unknown(table, at, adapters)}")
        if isinstance(rule, _Table):
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [{'.'.join((*at, key))}] must be a table")
            checked[key] = _check(rule, value, (*at, key), path, adapters)
            continue
        try:
            checked[key] = rule(value)
        except Bad as error:
            raise ConfigError(f"{path}: {where} = {value!r}: {error}") from None
    return checked


def _where(at: tuple[str, ...], key: str) -> str:
    return f"[{'.'.join(at)}] {key}" if at else key


def _unknown(table: _Table, at: tuple[str, ...], adapters: list[str]) -> str:
    known = sorted(table.keys or ())
    if not at:  # a top-level table may also be an adapter's
        known = [*known, "channels", *adapters]
    return f"no such setting (known: {', '.join(known)})"
