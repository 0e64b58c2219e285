"""`[channels.<name>]` / TRACKER_CHANNELS__<NAME>__<OPTION>: an adapter installed from
another package is configured, built with its options, and used by `tracker sync`."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from sqlalchemy import select

import adapters.registry
from tests.conftest import Tracker
from tests.factories import build_world
from tests.sync.fake_plugin import EchoAdapter
from tracker.config import ConfigError, load_settings
from tracker.store.models import Chat, Member, MemberAccount, Team
from tracker.sync.channels import secrets

TOML = """
[channels.echo]
token = "echo-secret-token"
api_base = "http://127.0.0.1:9/"
room = "Phòng họp 1"
"""


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[EchoAdapter]]:
    real = adapters.registry.entry_points

    def with_echo(group: str) -> list[EntryPoint]:
        point = EntryPoint("echo", "tests.sync.fake_plugin:EchoAdapter", adapters.registry.GROUP)
        return [*real(group=group), point]

    monkeypatch.setattr(adapters.registry, "entry_points", with_echo)
    for name in ("TRACKER_TELEGRAM_TOKEN", "TRACKER_ZALO_TOKEN", "TRACKER_ZALO_OA_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    EchoAdapter.built.clear()
    EchoAdapter.inbox.clear()
    EchoAdapter.sent.clear()
    yield EchoAdapter


def test_table_and_environment_make_the_adapters_arguments(tmp_path: Path) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text(TOML, encoding="utf-8")
    env = {"TRACKER_CHANNELS__ECHO__GREETING": "Xin chào", "TRACKER_CHANNELS__ECHO__ROOM": "P2"}
    settings = load_settings(db_url="sqlite://", config_file=config, environ=env)
    echo = settings.channels["echo"]
    assert echo.enabled
    assert echo.values(None) == {
        "token": "echo-secret-token",
        "api_base": "http://127.0.0.1:9/",
        "room": "P2",  # the environment wins
        "greeting": "Xin chào",
    }
    assert "echo-secret-token" in secrets(settings)
    assert "echo-secret-token" not in repr(settings)
    off = load_settings(
        db_url="sqlite://", config_file=config, environ={"TRACKER_CHANNELS__ECHO__ENABLED": "false"}
    )
    assert not off.channels["echo"].enabled


@pytest.mark.parametrize(
    ("toml", "env", "message"),
    [
        ("", {"TRACKER_CHANNELS__ECHO": "x"}, "TRACKER_CHANNELS__ECHO: write it as"),
        ("[channels.echo]\nroom = [1]\n", {}, "[channels.echo] room in {config}: an option is"),
        ("[channels]\necho = 3\n", {}, "{config}: [channels.echo] must be a table"),
    ],
)
def test_bad_channel_settings_are_one_line(
    tmp_path: Path, toml: str, env: dict[str, str], message: str
) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(db_url="sqlite://", config_file=config, environ=env)
    assert str(caught.value).startswith(message.format(config=config))


def test_sync_builds_and_uses_the_installed_adapter(
    sqlite_tracker: Tracker,
    echo: type[EchoAdapter],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text(TOML, encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    monkeypatch.setenv("TRACKER_CHANNELS__ECHO__GREETING", "Xin chào")
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
        team = session.scalars(select(Team).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        session.add(Chat(channel="echo", chat_id="room-1", title="Phòng Hội Yên", team=team))
        binh = session.scalars(select(Member).where(Member.name == "Trần Thị Bình")).one()
        binh.accounts.append(MemberAccount(channel="echo", user_id="e-1002"))

    listed = sqlite_tracker.ok("adapters").stdout.splitlines()
    assert "echo\ttests.sync.fake_plugin:EchoAdapter\tconfigured" in listed

    echo.inbox.append(("room-1", "e-1002", "/bc ttdt 3"))
    result = sqlite_tracker.ok("sync", "--once", "--now", "2026-11-22T09:00", "--no-pacing")
    assert "received 1, counted 1, review 0, queued 0, sent 1, failed 0" in result.stderr
    assert echo.built == [
        {
            "token": "echo-secret-token",
            "api_base": "http://127.0.0.1:9",
            "room": "Phòng họp 1",
            "greeting": "Xin chào",
        }
    ]
    [reply] = echo.sent
    assert (reply.chat_id, reply.reply_to, reply.kind) == ("room-1", "1", "reply")
    assert "echo-secret-token" not in result.output


def test_an_option_the_adapter_does_not_take_is_one_line(
    sqlite_tracker: Tracker, echo: type[EchoAdapter], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_CHANNELS__ECHO__ROOM", "r")
    monkeypatch.setenv("TRACKER_CHANNELS__ECHO__COLOUR", "đỏ")
    result = sqlite_tracker("sync", "--once")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [channels.echo]: ")
    assert "colour" in result.stderr and len(result.stderr.strip().splitlines()) == 1
