"""Settings are checked when read: a wrong value, an unknown key or a misspelt table
stops the command with one line naming the key and the file (or the variable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.telegram import TelegramAdapter
from tests.conftest import Tracker
from tracker.channel_setup import options_for
from tracker.config import ConfigError, load_settings


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[deadlines]\nvillage = 'mười tám'\n", "[deadlines] village = 'mười tám': not a whole"),
        ("[deadlines]\nvillage = 40\n", "[deadlines] village = 40: not between 1 and 31"),
        ("[deadlines]\nvilage = 15\n", "[deadlines] vilage: no such setting (known: commune,"),
        (
            "[digets]\ntime = '17:00'\n",
            "[digets]: no such setting (known: dashboard, db_url, deadlines,",
        ),
        ("[digest]\ntime = 'năm giờ'\n", "[digest] time = 'năm giờ': not a time like \"17:00\""),
        ("[reminder]\ndays = true\n", "[reminder] days = True: not a whole number"),
        (
            "[dashboard]\nprevious_month_days = 40\n",
            "[dashboard] previous_month_days = 40: not between 0 and 28",
        ),
        ("language = 'fr'\n", "language = 'fr': not a language"),
        ("[sync]\ntimeout = -1\n", "[sync] timeout = -1: not a positive number of seconds"),
        ("deadlines = 3\n", "[deadlines] must be a table"),
    ],
)
def test_a_wrong_setting_in_the_file_is_one_line_naming_it(
    tmp_path: Path, toml: str, message: str
) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(db_url="sqlite://", config_file=config, environ={})
    assert str(caught.value).startswith(f"{config}: {message}")
    assert "\n" not in str(caught.value)


def test_a_wrong_variable_is_named() -> None:
    with pytest.raises(ConfigError, match=r"^TRACKER_SYNC_TIMEOUT = 'soon': not a positive"):
        load_settings(db_url="sqlite://", environ={"TRACKER_SYNC_TIMEOUT": "soon"})
    with pytest.raises(ConfigError, match=r"^TRACKER_LANGUAGE = 'vn': not a language"):
        load_settings(db_url="sqlite://", environ={"TRACKER_LANGUAGE": "vn"})


def test_good_settings_are_typed(tmp_path: Path) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text(
        "[deadlines]\nvillage = 15\n[reminder]\ndays = 3\n[sync]\ntimeout = 4\n", encoding="utf-8"
    )
    settings = load_settings(db_url="sqlite://", config_file=config, environ={})
    assert (settings.deadlines["village"], settings.deadlines["commune"]) == (15, 20)
    assert (settings.reminder_days, settings.sync_timeout) == (3, 4.0)


def test_a_command_stops_on_a_bad_file_without_a_traceback(
    sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text("[deadlines]\ncommune = '20th'\n", encoding="utf-8")
    result = sqlite_tracker("--config", str(config), "overdue", "--date", "2026-11-22")
    assert result.exit_code == 1
    assert result.output == (f"Error: {config}: [deadlines] commune = '20th': not a whole number\n")


@pytest.mark.parametrize(
    ("toml", "env"),
    [
        ('[telegram]\ntoken = "1:file"\nwebhook_secret = "s"\n', {}),
        ('[channels.telegram]\ntoken = "1:file"\nwebhook_secret = "s"\n', {}),
        ("", {"TRACKER_TELEGRAM_TOKEN": "1:file", "TRACKER_TELEGRAM_WEBHOOK_SECRET": "s"}),
        (
            "",
            {"TRACKER_CHANNELS__TELEGRAM__TOKEN": "1:file", "TRACKER_TELEGRAM_WEBHOOK_SECRET": "s"},
        ),
    ],
)
def test_every_spelling_of_a_built_in_adapters_options_is_the_same_thing(
    tmp_path: Path, toml: str, env: dict[str, str]
) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text(toml, encoding="utf-8")
    settings = load_settings(db_url="sqlite://", config_file=config, environ=env)
    assert options_for(settings, "telegram", TelegramAdapter) == {
        "token": "1:file",
        "webhook_secret": "s",
        "api_base": "https://api.telegram.org",
    }
    assert "1:file" not in repr(settings)


def test_the_newer_spelling_wins(tmp_path: Path) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text('[telegram]\ntoken = "old"\n', encoding="utf-8")
    env = {"TRACKER_TELEGRAM_TOKEN": "env", "TRACKER_CHANNELS__TELEGRAM__TOKEN": "newest"}
    settings = load_settings(db_url="sqlite://", config_file=config, environ=env)
    assert options_for(settings, "telegram", TelegramAdapter)["token"] == "newest"


def test_an_option_a_built_in_adapter_does_not_take_stops_sync_and_serve(
    sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text('[telegram]\ntoken = "1:x"\nwebhook_secrt = "s"\n', encoding="utf-8")
    expected = (
        f"Error: [telegram] webhook_secrt in {config}: the telegram adapter takes no option "
        "'webhook_secrt' (it takes: api_base, token, webhook_secret)\n"
    )
    for command in (("sync", "--once"), ("serve", "--port", "9")):
        result = sqlite_tracker("--config", str(config), *command)
        assert (result.exit_code, result.output) == (1, expected)


def test_a_channel_table_for_no_installed_adapter_stops_sync(
    sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text('[channels.telegam]\ntoken = "1:x"\n', encoding="utf-8")
    result = sqlite_tracker("--config", str(config), "sync", "--once")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: [channels.telegam] token in {config}: no adapter named 'telegam' is installed"
    )
