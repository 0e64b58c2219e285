"""One sync cycle (pull, process, schedule, send) and the long-running loop around it."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from adapters.base import AuthFailed
from tracker.config import Settings
from tracker.sync import steps
from tracker.sync.channels import Channel, pull_channel
from tracker.sync.pacing import Pacer
from tracker.sync.schedule import queue_due
from tracker.sync.sender import Sender

log = logging.getLogger("tracker.sync")

LONG_POLL = 25.0  # seconds a lone channel's getUpdates may wait for news
SHORT_POLL = 1.0  # with several channels, none may keep the others waiting
SCHEDULE_EVERY = 60.0  # seconds between two looks at the schedule in the loop
HEARTBEAT = 600.0  # an idle loop still logs a line this often


@dataclass
class CycleStats:
    received: int = 0
    counted: int = 0
    review: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0

    def line(self) -> str:
        return (
            f"sync: received {self.received}, counted {self.counted}, review {self.review}, "
            f"queued {self.queued}, sent {self.sent}, failed {self.failed}"
        )

    def busy(self) -> bool:
        return any((self.received, self.counted, self.review, self.queued, self.sent, self.failed))


class Sync:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        channels: Sequence[Channel],
        *,
        now: Callable[[], datetime],
        pacer: Pacer | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.channels = list(channels)
        self.now = now
        self.sleep = sleep
        self.pacer = pacer or Pacer()
        adapters = {c.name: c.adapter for c in self.channels}
        self.limits = {c.name: c.adapter.capabilities.max_text_length for c in self.channels}
        self.sender = Sender(
            sessions, adapters, self.pacer, language=settings.language, sleep=sleep
        )
        self._scheduled_at = -SCHEDULE_EVERY
        self._next_send = math.inf  # when a paced message may go (pacer's clock)

    def cycle(self, *, drain: bool) -> CycleStats:
        """Pull every channel, process the journal, queue what is due and send.

        With `drain` (`--once`), nothing waits for news and sending goes on until the
        outbox is empty (pacing permitting); otherwise one pass of each.
        """
        stats = CycleStats()
        wait = 0.0 if drain else (LONG_POLL if len(self.channels) == 1 else SHORT_POLL)
        # A paced message must not wait for a long poll to end.
        wait = max(0.0, min(wait, self._next_send - self.pacer.clock()))
        for channel in self.channels:
            stats.received += pull_channel(self.sessions, channel, wait=wait, sleep=self.sleep)
        processed = steps.process_pending(self.sessions, self.settings)
        stats.counted, stats.review = processed.counted, processed.review
        if drain or time.monotonic() - self._scheduled_at >= SCHEDULE_EVERY:
            self._scheduled_at = time.monotonic()
            stats.queued = queue_due(self.sessions, self.settings, self.now(), self.limits)
        sent = self.sender.send_due(drain=drain)
        stats.sent, stats.failed = sent.sent, sent.failed
        self._next_send = sent.next_ready
        return stats

    def run(self, stop: threading.Event) -> None:
        """Cycle until `stop` is set (SIGTERM, SIGINT); a cycle under way is finished."""
        last_line = time.monotonic()
        failures = 0
        while not stop.is_set():
            try:
                stats = self.cycle(drain=False)
            except AuthFailed:
                raise
            except Exception:  # a bad row or a store hiccup must not end a months-long run
                failures += 1
                log.exception("sync: the cycle failed (%d in a row); trying again", failures)
                stop.wait(min(60.0, 2.0**failures))
                continue
            failures = 0
            if stats.busy() or time.monotonic() - last_line >= HEARTBEAT:
                log.info(stats.line())
                last_line = time.monotonic()
            if not any(c.adapter.capabilities.polling and not c.disabled for c in self.channels):
                stop.wait(SHORT_POLL * 5)  # nothing long-polls: do not spin

    def close(self) -> None:
        for channel in self.channels:
            channel.adapter.close()
