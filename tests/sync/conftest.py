from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.e2e import conftest as e2e
from tests.e2e.conftest import Live
from tracker.config import load_settings
from tracker.sync.channels import build_channels
from tracker.sync.loop import Sync
from tracker.sync.pacing import Pacer

# The store-and-servers fixtures are shared with the end-to-end tests.
live = e2e.live
live_any = e2e.live_any
loopback_only = e2e.loopback_only


@dataclass
class FakeTime:
    """A clock that moves only when something sleeps on it."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def make_sync(
    live: Live,
    fake_time: FakeTime,
    now: str = "2026-11-22T10:00",
    *,
    pacing: bool = True,
    **timeouts: float,
) -> Sync:
    """A Sync frozen at `now` (Vietnam time), whose process clock runs on from the same
    instant, so that what it queues is stamped on the day it runs (`tracker sync --now`)."""
    from tracker.clock import parse_moment, pin

    settings = load_settings(db_url=live.tracker.db_url)
    channels = build_channels(settings, sleep=fake_time.sleep, **({"timeout": 1.0} | timeouts))
    moment = parse_moment(now)
    pin(moment)
    return Sync(
        live.tracker.sessions(),
        settings,
        channels,
        now=lambda: moment,
        pacer=Pacer(clock=fake_time.clock, enabled=pacing),
        sleep=fake_time.sleep,
    )


@pytest.fixture
def sync(live: Live, fake_time: FakeTime) -> Iterator[Sync]:
    """A Sync on the test module's `live` store and servers, sleeping on the fake clock."""
    built = make_sync(live, fake_time)
    yield built
    built.close()


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> Iterator[None]:
    """`tracker sync` run in-process sets its loggers up (no propagation to the root):
    undone after each test, so that the next one's `caplog` sees what it logs."""
    import logging

    saved = {
        n: (
            logging.getLogger(n).handlers[:],
            logging.getLogger(n).propagate,
            logging.getLogger(n).level,
        )
        for n in ("tracker", "adapters")
    }
    yield
    for name, (handlers, propagate, level) in saved.items():
        logging.getLogger(name).handlers = handlers
        logging.getLogger(name).propagate = propagate
        logging.getLogger(name).setLevel(level)
