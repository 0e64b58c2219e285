"""One harness per adapter: its loopback server, the adapter pointed at it, and the
sleeps the adapter asked for (recorded, never slept)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from adapters.backoff import Backoff
from adapters.base import Adapter
from adapters.registry import adapter_names, load_adapter
from tests.adapters.fake_telegram import FakeTelegram
from tests.adapters.fake_zalo import FakeZalo
from tests.adapters.loopback import LoopbackServer
from tests.e2e.conftest import loopback_only  # noqa: F401  (autouse: no real network)


@dataclass
class Harness:
    name: str
    server: Any  # FakeTelegram | FakeZalo
    adapter: Adapter
    chat: str
    user: str
    sleeps: list[float] = field(default_factory=list)

    def post(self, text: str) -> None:
        self.server.post(self.chat, self.user, text)

    def sent(self) -> list[Any]:
        with self.server.lock:
            return list(self.server.sent)


SERVERS: dict[str, tuple[Callable[[], LoopbackServer], str, str]] = {
    "telegram": (FakeTelegram, "-1001000000002", "1001"),
    "zalo": (FakeZalo, "zg-1", "z1004"),
}


def make_harness(
    name: str, token: str | None = None, **options: Any
) -> tuple[Harness, LoopbackServer]:
    factory, chat, user = SERVERS[name]
    server = factory()
    server.slow = 0.6
    server.start()
    sleeps: list[float] = []
    adapter = load_adapter(name)(
        token or server.token,
        server.url,
        sleep=sleeps.append,
        backoff=Backoff(attempts=4),
        timeout=0.3,
        **options,
    )
    return Harness(name, server, adapter, chat, user, sleeps), server


def polling_adapters() -> list[str]:
    """The adapters the pull-and-send contract applies to. A webhook-only one (the Zalo
    OA) has no pull to test; tests/adapters/test_zalo_oa_send.py covers its sending."""
    return [name for name in adapter_names() if load_adapter(name).capabilities.polling]


@pytest.fixture(params=polling_adapters())
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    if request.param not in SERVERS:
        pytest.fail(f"adapter {request.param!r} has no loopback server in the contract suite")
    built, server = make_harness(request.param)
    yield built
    built.adapter.close()
    server.stop()
