"""One sync cycle (pull, process, schedule, send) and the long-running loop around it."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from adapters.base import AuthFailed
from tracker.config import Settings
from tracker.sync import steps
from tracker.sync.channels import Channel, pull_channel
from tracker.sync.lease import Lease, wait_for
from tracker.sync.pacing import Pacer
from tracker.sync.schedule import queue_due
from tracker.sync.sender import Sender

log = logging.getLogger("tracker.sync")

LONG_POLL = 25.0  # seconds a lone channel's getUpdates may wait for news
SHORT_POLL = 1.0  # with several channels, none may keep the others waiting
SCHEDULE_EVERY = 60.0  # seconds between two looks at the schedule in the loop
HEARTBEAT = 600.0  # an idle loop still logs a line this often
FAILURE_LINE_EVERY = 60.0  # a failing cycle (the store down) is told once a minute at most


@dataclass
class CycleStats:
    received: int = 0
    counted: int = 0
    review: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0
    expired: int = 0
    unknown: int = 0

    def line(self) -> str:
        line = (
            f"sync: received {self.received}, counted {self.counted}, review {self.review}, "
            f"queued {self.queued}, sent {self.sent}, failed {self.failed}"
        )
        if self.expired or self.unknown:  # the usual line stays as it always was
            line += f", expired {self.expired}, outcome unknown {self.unknown}"
        return line

    def busy(self) -> bool:
        return any(
            (
                self.received,
                self.counted,
                self.review,
                self.queued,
                self.sent,
                self.failed,
                self.expired,
                self.unknown,
            )
        )


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
        lease: Lease | None = None,
    ) -> None:
        self.sessions = sessions
        self.lease = lease
        self.settings = settings
        self.channels = list(channels)
        self.now = now
        self.sleep = sleep
        self.pacer = pacer or Pacer()
        adapters = {c.name: c.adapter for c in self.channels}
        self.limits = {c.name: c.adapter.capabilities.max_text_length for c in self.channels}
        self.sender = Sender(
            sessions,
            adapters,
            self.pacer,
            language=settings.language,
            sleep=sleep,
            digest_time=settings.digest_time,
            now=now,
        )
        if lease is not None:
            self.sender.may_send = lease.valid
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
        stats.received += self._pull_all(wait)
        # What is in the journal is processed whatever channel is down (webhook rows too).
        processed = steps.process_pending(self.sessions, self.settings)
        stats.counted, stats.review = processed.counted, processed.review
        if drain or time.monotonic() - self._scheduled_at >= SCHEDULE_EVERY:
            self._scheduled_at = time.monotonic()
            stats.queued = queue_due(self.sessions, self.settings, self.now(), self.limits)
        clock = self.pacer.clock()
        resting = [c.name for c in self.channels if c.resting(clock)]
        sent = self.sender.send_due(drain=drain, skip=resting)
        stats.sent, stats.failed = sent.sent, sent.failed
        stats.expired, stats.unknown = sent.expired, sent.unknown
        for channel in self.channels:
            if channel.name in sent.unreachable:
                channel.down(sent.unreachable[channel.name], self.pacer.clock())
            elif channel.name in sent.reached:
                channel.up()
        self._next_send = sent.next_ready
        return stats

    def _pull_all(self, wait: float) -> int:
        """Pull every channel, side by side: one that hangs until its timeouts run out
        must not delay the others' messages (each pull journals in its own short
        transactions)."""
        if len(self.channels) == 1:
            return pull_channel(self.sessions, self.channels[0], wait=wait, clock=self.pacer.clock)
        with ThreadPoolExecutor(len(self.channels), thread_name_prefix="pull") as pool:
            futures = [
                pool.submit(pull_channel, self.sessions, c, wait=wait, clock=self.pacer.clock)
                for c in self.channels
            ]
            return sum(future.result() for future in futures)

    def unreachable(self) -> list[Channel]:
        """The channels that could not be reached in the last cycle."""
        return [c for c in self.channels if c.unreachable is not None]

    def run(self, stop: threading.Event) -> None:
        """Cycle until `stop` is set (SIGTERM, SIGINT); a cycle under way is finished."""
        last_line = time.monotonic()
        failures = 0
        told_at = -math.inf
        while not stop.is_set():
            if not self._leased(stop):
                continue
            try:
                stats = self.cycle(drain=False)
            except AuthFailed:
                raise
            except Exception as error:  # a bad row or a store outage must not end the run
                failures += 1
                # One line a minute at most, with the error's first line: an outage of
                # the store must not fill the log with tracebacks.
                if time.monotonic() - told_at >= FAILURE_LINE_EVERY:
                    told_at = time.monotonic()
                    log.error(
                        "sync: the cycle failed (%d in a row), trying again: %s",
                        failures,
                        first_line(error),
                    )
                stop.wait(min(60.0, 2.0**failures))
                continue
            if failures:
                log.info("sync: cycles work again after %d failures", failures)
            failures = 0
            if stats.busy() or time.monotonic() - last_line >= HEARTBEAT:
                log.info(stats.line())
                last_line = time.monotonic()
            now = self.pacer.clock()
            if not any(
                c.adapter.capabilities.polling and not c.disabled and c.retry_at <= now
                for c in self.channels
            ):
                # Nothing long-polls (webhook-only, or every channel down or paused):
                # do not spin.
                stop.wait(SHORT_POLL * 5)

    def _leased(self, stop: threading.Event) -> bool:
        """Whether this process may cycle now; waits as a standby when its lease was
        taken (False: look again)."""
        if self.lease is None or self.lease.valid():
            return True
        if self.lease.lost():
            self.lease.release()
            wait_for(self.lease, stop)
            return False
        stop.wait(1.0)  # a renewal is late (the store busy): sending waits for it
        return False

    def close(self) -> None:
        for channel in self.channels:
            channel.adapter.close()


def first_line(error: BaseException) -> str:
    """`Type: first line of the message`, without the SQL and parameters that
    SQLAlchemy appends to a driver's error."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")
