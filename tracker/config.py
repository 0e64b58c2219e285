"""Settings: `--db`/`--config`, then environment variables, then TOML, then platformdirs defaults.

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

from tracker.errors import UserError
from tracker.redaction import mask_secrets, mask_url

APP_NAME = "tracker"

DEFAULT_MEMBER_CAPS = {"village": 7, "commune": 10, "district": 10, "province": 10}
DEFAULT_DEADLINES = {"village": 18, "commune": 20, "district": 23, "province": 25}
DEFAULT_TELEGRAM_API = "https://api.telegram.org"
DEFAULT_ZALO_OA_API = "https://openapi.zalo.me"
DEFAULT_ZALO_OA_OAUTH = "https://oauth.zaloapp.com"
DEFAULT_ZALO_API = "https://bot-api.zaloplatforms.com"


class ConfigError(UserError):
    """A setting that cannot be used; the message names the setting."""


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
class ChannelSettings:
    token: Secret | None = None
    api_base: str = ""
    webhook_secret: Secret | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.token)


@dataclass(frozen=True)
class ZaloOASettings:
    """A Zalo Official Account: webhook signature and OA API / OAuth bases.

    Two different keys: the OA secret key signs the webhooks; the app's secret key
    signs token refreshes. The token pair itself lives in the store (`channel_tokens`).
    """

    app_id: str = ""
    secret_key: Secret | None = None
    api_base: str = DEFAULT_ZALO_OA_API
    oauth_base: str = DEFAULT_ZALO_OA_OAUTH
    app_secret: Secret | None = None

    @property
    def enabled(self) -> bool:
        """Whether `tracker sync` can send through the OA (it must be able to refresh)."""
        return bool(self.app_id and self.app_secret)


# Options of `[channels.<name>]` whose name contains one of these are secrets.
_SECRET_WORDS = ("token", "secret", "key", "password")
# Adapters with their own table; `[channels.<name>]` is for the ones installed apart.
OWN_TABLES = ("telegram", "zalo", "zalo_oa")
CHANNEL_ENV = "TRACKER_CHANNELS__"


@dataclass(frozen=True)
class ExtraChannel:
    """An adapter installed from another package (`tracker.adapters` entry point),
    configured by `[channels.<name>]` or `TRACKER_CHANNELS__<NAME>__<OPTION>`.

    `token` and `api_base` are the adapter's first two arguments, every other option a
    keyword argument; `enabled = false` turns it off without deleting the table.
    """

    name: str
    options: Mapping[str, object] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        flag = self.options.get("enabled", True)
        return bool(self.options) and str(flag).lower() not in ("false", "0", "no", "off")

    def arguments(self) -> tuple[str, str, dict[str, object]]:
        """(token, api_base, keyword arguments), secrets revealed, for the adapter."""
        values = {
            key: value.reveal() if isinstance(value, Secret) else value
            for key, value in self.options.items()
            if key != "enabled"
        }
        token = str(values.pop("token", "") or "")
        api_base = str(values.pop("api_base", "") or "").rstrip("/")
        return token, api_base, values

    def secrets(self) -> list[str]:
        return [v.reveal() for v in self.options.values() if isinstance(v, Secret) and v]


@dataclass(frozen=True)
class Settings:
    db_url: str
    language: str = "vi"
    member_caps: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_MEMBER_CAPS))
    deadlines: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    digest_time: time = time(17, 0)
    reminder_days: int = 2
    max_per_report: Mapping[str, int] = field(default_factory=dict)
    telegram: ChannelSettings = field(default_factory=ChannelSettings)
    zalo: ChannelSettings = field(default_factory=ChannelSettings)
    zalo_oa: ZaloOASettings = field(default_factory=ZaloOASettings)
    channels: Mapping[str, ExtraChannel] = field(default_factory=dict)
    source: Path | None = None
    officer: str | None = None  # the name the terminal UI writes to the audit log
    # [sync] timeout: seconds to connect to a platform and to wait for most answers;
    # send_timeout: seconds to wait for the answer to a send, which must stay above
    # what the platform takes (a send that times out may have been delivered).
    sync_timeout: float = 10.0
    send_timeout: float = 30.0

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
    telegram = _table(data, "telegram")
    zalo = _table(data, "zalo")
    return Settings(
        db_url=db_url or env.get("TRACKER_DB_URL") or _str(data, "db_url") or default_db_url(),
        language=env.get("TRACKER_LANGUAGE") or _str(data, "language") or "vi",
        officer=env.get("TRACKER_OFFICER") or _str(data, "officer"),
        member_caps={**DEFAULT_MEMBER_CAPS, **_ints(_table(data, "teams"), "member_caps")},
        deadlines={**DEFAULT_DEADLINES, **_ints(data, "deadlines")},
        digest_time=_time(_table(data, "digest").get("time", "17:00"), "digest.time"),
        reminder_days=int(_table(data, "reminder").get("days", 2)),
        max_per_report=_ints(_table(data, "indicators"), "max_per_report"),
        telegram=ChannelSettings(
            token=_secret(env.get("TRACKER_TELEGRAM_TOKEN") or telegram.get("token")),
            api_base=(
                env.get("TRACKER_TELEGRAM_API_BASE")
                or telegram.get("api_base")
                or DEFAULT_TELEGRAM_API
            ).rstrip("/"),
            webhook_secret=_secret(
                env.get("TRACKER_TELEGRAM_WEBHOOK_SECRET") or telegram.get("webhook_secret")
            ),
        ),
        zalo=ChannelSettings(
            token=_secret(env.get("TRACKER_ZALO_TOKEN") or zalo.get("token")),
            api_base=(
                env.get("TRACKER_ZALO_API_BASE") or zalo.get("api_base") or DEFAULT_ZALO_API
            ).rstrip("/"),
            webhook_secret=_secret(
                env.get("TRACKER_ZALO_WEBHOOK_SECRET") or zalo.get("webhook_secret")
            ),
        ),
        zalo_oa=_zalo_oa(env, _table(data, "zalo_oa")),
        channels=_extra_channels(env, _table(data, "channels")),
        source=path if data else None,
        sync_timeout=_seconds(env, _table(data, "sync"), "timeout", 10.0),
        send_timeout=_seconds(env, _table(data, "sync"), "send_timeout", 30.0),
    )


def _seconds(env: Mapping[str, str], table: Mapping[str, Any], key: str, default: float) -> float:
    """`TRACKER_SYNC_<KEY>` or `[sync] <key>`: a positive number of seconds."""
    value = env.get(f"TRACKER_SYNC_{key.upper()}") or table.get(key, default)
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = 0.0
    if not seconds > 0:
        raise ConfigError(f"[sync] {key}: '{value}' is not a positive number of seconds")
    return seconds


def _zalo_oa(env: Mapping[str, str], table: Mapping[str, Any]) -> ZaloOASettings:
    api = env.get("TRACKER_ZALO_OA_API_BASE") or table.get("api_base") or DEFAULT_ZALO_OA_API
    oauth = (
        env.get("TRACKER_ZALO_OA_OAUTH_BASE") or table.get("oauth_base") or DEFAULT_ZALO_OA_OAUTH
    )
    return ZaloOASettings(
        app_id=str(env.get("TRACKER_ZALO_OA_APP_ID") or table.get("app_id") or ""),
        secret_key=_secret(env.get("TRACKER_ZALO_OA_SECRET_KEY") or table.get("secret_key")),
        api_base=str(api).rstrip("/"),
        oauth_base=str(oauth).rstrip("/"),
        app_secret=_secret(env.get("TRACKER_ZALO_OA_APP_SECRET") or table.get("app_secret")),
    )


def _extra_channels(env: Mapping[str, str], tables: Mapping[str, Any]) -> dict[str, ExtraChannel]:
    """`[channels.<name>]` tables, then `TRACKER_CHANNELS__<NAME>__<OPTION>` over them."""
    found: dict[str, dict[str, object]] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ConfigError(f"config: [channels.{name}] must be a table")
        found[str(name).lower()] = {str(k).lower(): v for k, v in table.items()}
    for variable, value in env.items():
        if not variable.startswith(CHANNEL_ENV):
            continue
        name, _, option = variable[len(CHANNEL_ENV) :].partition("__")
        if not name or not option or "__" in option:
            raise ConfigError(
                f"{variable}: write it as {CHANNEL_ENV}<NAME>__<OPTION>, "
                f"e.g. {CHANNEL_ENV}MOCHA__TOKEN"
            )
        found.setdefault(name.lower(), {})[option.lower()] = value
    channels = {}
    for name, options in sorted(found.items()):
        if name in OWN_TABLES:
            raise ConfigError(f"config: {name} is configured in [{name}], not [channels.{name}]")
        channels[name] = ExtraChannel(
            name,
            {
                key: _secret(value) if _is_secret(key) and value else value
                for key, value in options.items()
            },
        )
    return channels


def _is_secret(option: str) -> bool:
    return any(word in option for word in _SECRET_WORDS)


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


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"config: [{key}] must be a table")
    return value


def _str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return str(value) if value is not None else None


def _ints(data: Mapping[str, Any], key: str) -> dict[str, int]:
    table = _table(data, key)
    try:
        return {str(name): int(value) for name, value in table.items()}
    except (TypeError, ValueError):
        raise ConfigError(f"config: every value in [{key}] must be a whole number") from None


def _time(value: object, name: str) -> time:
    try:
        hour, minute = str(value).split(":")
        return time(int(hour), int(minute))
    except ValueError:
        raise ConfigError(f"config: {name} must look like 17:00, not {value!r}") from None


def _secret(value: object) -> Secret | None:
    return Secret(str(value)) if value else None
