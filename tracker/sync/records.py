"""Recording what became of outbox messages; accepted sends a few to a transaction.

Once the platform accepted a message, its row must say `sent` (with the platform's id)
before anything reads the outbox again, or the message goes out a second time. One
transaction per accepted message cost more CPU than the HTTP request that sent it
(0.22 ms against 0.12 ms on the benchmark machine; 0.07 ms a record in fours), so
records share transactions, the way databases share log flushes: the thread with a
record to write while no write is under way becomes the writer; while other sends
are under way it waits at most LINGER for their records (or until BATCH wait), writes
them all, and goes on while more came in meanwhile. The other threads go back to
sending at once, unless BATCH records wait already: then they wait for the writer
too, so that a store that is slow to answer holds the sending back instead of
letting unrecorded sends pile up. A lone sender never waits.

The price, counted and printed by the crash test (tests/e2e/test_crash.py): a kill
(power cut, SIGKILL) can find more accepted sends unrecorded than one per sending
thread: those accepted in the last few milliseconds, at most `most_unrecorded()`. The
next run sends those again. In each chat they are the last ones accepted before it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, bindparam, func, update

from tracker.clock import utcnow
from tracker.store.models import OutboxMessage

# Records in one transaction, at most, unless more came during the last write. 8 sent
# about 10% more replies a second than 4, but let a kill in the crash test find up to
# 10 sends unrecorded, where 4 let it find 4 (a record per send: 2).
BATCH = 4
LINGER = 0.002  # seconds the writer waits for more records before writing

# Marks one row sent or failed; `moved_to` is the chat's new id when it moved meanwhile.
FINISH = (
    update(OutboxMessage)
    .where(OutboxMessage.id == bindparam("row_id"))
    .values(
        status=bindparam("new_status"),
        attempts=OutboxMessage.attempts + 1,
        last_error=bindparam("error"),
        sent_at=func.coalesce(
            bindparam("sent", type_=OutboxMessage.sent_at.type), OutboxMessage.sent_at
        ),
        external_id=func.coalesce(bindparam("external"), OutboxMessage.external_id),
        chat_id=func.coalesce(bindparam("moved_to"), OutboxMessage.chat_id),
    )
    .execution_options(synchronize_session=False)
)


def record_failure(engine: Engine, row_id: int, error: str, status: str = "failed") -> None:
    """Record that a row will not be sent (`failed`, `expired` or `unknown`), at once
    and in its own transaction."""
    with engine.begin() as connection:
        connection.execute(FINISH, [_params(row_id, status, None, error, None)])


def _params(
    row_id: int, status: str, external: str | None, error: str | None, moved_to: str | None
) -> dict[str, Any]:
    return {
        "row_id": row_id,
        "new_status": status,
        "error": error,
        "sent": utcnow() if status == "sent" else None,
        "external": external,
        "moved_to": moved_to,
    }


def most_unrecorded(threads: int, batch: int = BATCH) -> int:
    """The most accepted sends a kill can find unrecorded, `threads` sending: those
    being written and those waiting (each at most `batch`, plus one that each other
    thread added before it noticed), and one send in flight per thread."""
    return 2 * (batch + threads) + threads


class SentRecords:
    """Accepted sends waiting for their record; thread-safe."""

    def __init__(
        self,
        engine: Engine,
        *,
        batch: int = BATCH,
        linger: float = LINGER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.batch = batch
        self.linger = linger
        self.clock = clock
        self._waiting: list[dict[str, Any]] = []
        self._oldest = 0.0  # when the first of the waiting records came (on `clock`)
        self._writing = False  # a thread is the writer (lingering or writing)
        self._sending = 0  # sends under way: records that may come soon
        self._changed = threading.Condition()

    def sending(self) -> None:
        """A send begins; `sent` or `not_sent` follows."""
        with self._changed:
            self._sending += 1

    def not_sent(self) -> None:
        """The send that began was not accepted: no record will come from it."""
        with self._changed:
            self._sending -= 1
            self._changed.notify_all()

    def sent(self, row_id: int, external_id: str, moved_to: str | None = None) -> None:
        """The platform accepted row `row_id`: record it (as the writer, or with its write).
        Ends the send `sending` began, if one did."""
        params = _params(row_id, "sent", external_id, None, moved_to)
        with self._changed:
            self._sending = max(0, self._sending - 1)
            if not self._waiting:
                self._oldest = self.clock()
            self._waiting.append(params)
            if self._writing:
                if not self._sending or len(self._waiting) >= self.batch:
                    # The lingering writer has all it waits for. Only then: waking it at
                    # each record, to find it must wait on, cost more than its write.
                    self._changed.notify_all()
                while self._writing and len(self._waiting) >= self.batch:
                    self._changed.wait()
                return
            self._writing = True
        self._write(linger=True)

    def flush(self) -> None:
        """Return once every accepted send so far is recorded."""
        with self._changed:
            while self._writing:
                self._changed.wait()
            if not self._waiting:
                return
            self._writing = True
        self._write(linger=False)

    def _write(self, *, linger: bool) -> None:
        """Write what waits until nothing does (this thread is the writer)."""
        while True:
            with self._changed:
                deadline = self._oldest + self.linger
                while linger and self._sending and 0 < len(self._waiting) < self.batch:
                    left = deadline - self.clock()
                    if left <= 0:
                        break
                    self._changed.wait(left)
                batch, self._waiting = self._waiting, []
                self._changed.notify_all()  # room again for the threads held back
                if not batch:
                    self._writing = False
                    return
            try:
                with self.engine.begin() as connection:
                    connection.execute(FINISH, batch)
            except BaseException:
                with self._changed:  # kept for the next write: still sent, still to record
                    self._waiting[:0] = batch
                    self._writing = False
                    self._changed.notify_all()
                raise
