"""Settings: `--db`/`--config`, then environment variables, then TOML, then platformdirs defaults.

Every setting is checked when it is read (`tracker.config_schema`): a wrong value, an
unknown key or a misspelt table stops the command with one line naming it and the file
(or the variable), never a traceback and never ignored. The channels' options are the
adapters' to check (`tracker.channel_config`).

Secrets are wrapped in `Secret` so that they never show in logs, reprs or error messages.
The store URL stays a string, as SQLAlchemy and Alembic take it, and `Settings`' repr
masks the password in it.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any

from tracker.channel_config import ChannelConfig, ConfigError, read_channels
from tracker.config_schema import SCHEMA, check_document, env_setting
from tracker.redaction import mask_secrets, mask_url

APP_NAME = "tracker"

DEFAULT_MEMBER_CAPS = {"village": 7, "commune": 10, "district": 10, "province": 10}
DEFAULT_DEADLINES = {"village": 18, "commune": 20, "district": 23, "province": 25}

__all__ = ["ChannelConfig", "ConfigError", "Secret", "Settings", "load_settings"]


class Secret:
    """A token or key. Its repr and str never reveal it; call `reveal()` at the point of use."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class Settings:
    db_url: str
    language: str = "vi"
    member_caps: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_MEMBER_CAPS))
    deadlines: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    digest_time: time = time(17, 0)
    reminder_days: int = 2
    max_per_report: Mapping[str, int] = field(default_factory=dict)
    # Every channel the config names, built-in or plugged in, by adapter name.
    channels: Mapping[str, ChannelConfig] = field(default_factory=dict)
    source: Path | None = None
    officer: str | None = None  # the name the terminal UI writes to the audit log
    # [sync] timeout: seconds to connect to a platform and to wait for most answers;
    # send_timeout: seconds to wait for the answer to a send, which must stay above
    # what the platform takes (a send that times out may have been delivered).
    sync_timeout: float = 10.0
    send_timeout: float = 30.0
    # [dashboard] previous_month_days: on the first N days of a month the terminal UI's
    # dashboard opens on the month before, the one officers are closing (0: never).
    previous_month_days: int = 5

    def __repr__(self) -> str:
        # `db_url` may hold the PostgreSQL password, and crash reports print reprs. The
        # whole text is masked too: an API base or an extra channel's option may carry a
        # `user:password@` or a token that was not marked secret.
        shown = {item.name: getattr(self, item.name) for item in fields(self)}
        shown["db_url"] = mask_url(self.db_url)
        text = ", ".join(f"{name}={value!r}" for name, value in shown.items())
        return mask_secrets(f"Settings({text})")


def user_config_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "tracker.toml"


def default_db_url() -> str:
    import platformdirs

    folder = Path(platformdirs.user_data_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'tracker.db'}"


def load_settings(
    db_url: str | None = None,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    path = config_file or _env_path(env) or user_config_file()
    data: dict[str, Any] = {}
    if config_file is not None or path.exists():
        data = _read_toml(path)
    adapters: list[str] = []
    if _may_name_channels(data, env):
        from adapters.registry import adapter_names

        adapters = adapter_names()
    where = str(path)
    channels = read_channels(data, env, adapters, where, Secret)
    checked = check_document(
        {k: v for k, v in data.items() if k not in adapters and k != "channels"}, where, adapters
    )
    sync = checked.get("sync", {})
    return Settings(
        db_url=db_url or env.get("TRACKER_DB_URL") or checked.get("db_url") or default_db_url(),
        language=env_setting(env, "TRACKER_LANGUAGE", "language") or checked.get("language", "vi"),
        officer=env.get("TRACKER_OFFICER") or checked.get("officer"),
        member_caps={**DEFAULT_MEMBER_CAPS, **checked.get("teams", {}).get("member_caps", {})},
        deadlines={**DEFAULT_DEADLINES, **checked.get("deadlines", {})},
        digest_time=checked.get("digest", {}).get("time", time(17, 0)),
        reminder_days=checked.get("reminder", {}).get("days", 2),
        max_per_report=checked.get("indicators", {}).get("max_per_report", {}),
        channels=channels,
        source=path if data else None,
        sync_timeout=env_setting(env, "TRACKER_SYNC_TIMEOUT", "sync.timeout")
        or sync.get("timeout", 10.0),
        send_timeout=env_setting(env, "TRACKER_SYNC_SEND_TIMEOUT", "sync.send_timeout")
        or sync.get("send_timeout", 30.0),
        previous_month_days=checked.get("dashboard", {}).get("previous_month_days", 5),
    )


# The variables the core reads itself; any other TRACKER_* may configure a channel.
CORE_VARIABLES = frozenset(
    {
        "TRACKER_CONFIG",
        "TRACKER_DB_URL",
        "TRACKER_LANGUAGE",
        "TRACKER_OFFICER",
        "TRACKER_SYNC_TIMEOUT",
        "TRACKER_SYNC_SEND_TIMEOUT",
    }
)


def _may_name_channels(data: Mapping[str, Any], env: Mapping[str, str]) -> bool:
    """Whether the config file or the environment may configure a channel, so that the
    installed adapters must be listed. Listing them reads every installed package's entry
    points (importlib.metadata, 20 ms): a config with only the core's settings, as a read
    command's usually is, skips it."""
    core = SCHEMA.keys or {}
    if any(key not in core for key in data):
        return True
    return any(name.startswith("TRACKER_") and name not in CORE_VARIABLES for name in env)


def _env_path(env: Mapping[str, str]) -> Path | None:
    value = env.get("TRACKER_CONFIG")
    return Path(value) if value else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path}: {error}") from None
