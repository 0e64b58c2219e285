from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.adapters.fake_telegram import FakeTelegram
from tests.adapters.fake_zalo import FakeZalo
from tests.conftest import Tracker
from tests.factories import build_world


@dataclass
class Live:
    tracker: Tracker
    telegram: FakeTelegram
    zalo: FakeZalo
    env: dict[str, str]


def _live(tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    with tracker.sessions().begin() as session:
        build_world(session)
    telegram = FakeTelegram().start()
    zalo = FakeZalo().start()
    env = {
        "TRACKER_TELEGRAM_TOKEN": telegram.token,
        "TRACKER_TELEGRAM_API_BASE": telegram.url,
        "TRACKER_ZALO_TOKEN": zalo.token,
        "TRACKER_ZALO_API_BASE": zalo.url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield Live(tracker, telegram, zalo, env)
    telegram.stop()
    zalo.stop()


@pytest.fixture
def live(sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """The test world in a SQLite store, and both loopback servers configured."""
    yield from _live(sqlite_tracker, monkeypatch)


@pytest.fixture
def live_any(tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """The same on each backend (SQLite and PostgreSQL)."""
    yield from _live(tracker, monkeypatch)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a real Telegram or Zalo server: only 127.0.0.1 answers.

    Every client goes through httpx.HTTPTransport: the Bot API adapters call it
    directly (adapters/jsonhttp.py), httpx.Client (Zalo OA, serve tests) through it."""
    import httpx

    real = httpx.HTTPTransport.handle_request

    def guarded(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        assert request.url.host in ("127.0.0.1", "localhost"), f"real network: {request.url.host}"
        return real(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded)
