"""Sending the outbox: paced, chats in parallel, each accepted send recorded at once.

What becomes of a message that does not go out:
- a failure that can pass (the platform unreachable, a timeout, 5xx, 429) keeps it
  `pending`, with `attempts`, `last_error` and `not_before` (a growing back-off), until
  it is no longer worth sending (tracker/sync/expiry.py), when it ends `expired`;
  an unreachable platform also stops this pass's sends to that whole channel, so that
  one channel down costs one timeout, not one per message;
- a definite refusal (4xx other than 429: chat not found, bot kicked, bad request)
  ends it `failed` with the platform's words;
- a send that was written but not answered within the send timeout (`[sync]
  send_timeout`, 30 s by default, above what Telegram takes under load) may have been
  delivered: it ends `unknown`, counted and logged as a duplicate risk, and is never
  sent again on its own; `tracker outbox retry ID` resends it if an admin finds it
  missing in the chat.

A message is marked sent, with the platform's id for it, as soon as the platform
accepted it: in a transaction shared with the sends accepted meanwhile
(tracker/sync/records.py). Only a crash between a send and that record can send it
twice; such sends are the last few accepted before the crash, and the crash test
counts them.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock_time

from sqlalchemy import Update, select, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.base import (
    Adapter,
    AdapterError,
    AuthFailed,
    ChatGone,
    ChatMoved,
    OutcomeUnknown,
    RetryLater,
    Unreachable,
)
from tracker.chats import follow_chat_move
from tracker.clock import as_utc, utcnow
from tracker.messages import Outbound
from tracker.store.models import Chat, OutboxMessage
from tracker.sync import expiry
from tracker.sync.notices import chat_gone
from tracker.sync.pacing import Pacer
from tracker.sync.records import SentRecords, record_failure

log = logging.getLogger("tracker.sync")

MAX_BACKOFF = 900.0  # seconds, at most, between two tries of a deferred message
MAX_WAIT = 60.0  # in a draining run, wait at most this long for a deferred message
UNEXPECTED_DELAY = 300.0  # after an unexpected error: longer than MAX_WAIT, so --once ends
# Parallel sends: enough to keep a request in flight while another is answered; more
# threads only fight over the interpreter (benchmarks/sync.py on 2 cores, updates/s:
# 2 threads 998, 3 threads 1,047-1,097, 4 threads 1,018-1,020, 6 threads 925-932).
WORKERS = 3


@dataclass
class SendStats:
    sent: int = 0
    failed: int = 0
    expired: int = 0
    unknown: int = 0  # sends whose outcome is unknown: possible duplicates if resent
    # When (on the pacer's clock) the next waiting message may go; inf if none waits.
    next_ready: float = math.inf
    # Channels found unreachable in this pass (name → why), and those that accepted a send.
    unreachable: dict[str, str] = field(default_factory=dict)
    reached: set[str] = field(default_factory=set)


@dataclass
class _ChatResult(SendStats):
    progress: bool = False


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    kind: str
    key: str
    channel: str
    chat_id: str
    text: str
    reply_to: str | None
    attempts: int

    def outbound(self, chat_id: str | None = None) -> Outbound:
        return Outbound(
            channel=self.channel,
            chat_id=chat_id or self.chat_id,
            text=self.text,
            idempotency_key=self.key,
            kind=self.kind,
            reply_to=self.reply_to,
            ask_phone=self.kind == "ask_phone",
        )


def _update() -> Update:
    """An UPDATE of outbox rows that skips the ORM's session bookkeeping (none is loaded)."""
    return update(OutboxMessage).execution_options(synchronize_session=False)


class Sender:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        adapters: Mapping[str, Adapter],
        pacer: Pacer,
        *,
        language: str = "vi",
        sleep: Callable[[float], None] = time.sleep,
        workers: int = WORKERS,
        digest_time: clock_time = clock_time(17, 0),
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.workers = workers
        self.engine = sessions.kw["bind"]
        self.records = SentRecords(self.engine)
        self.adapters = adapters
        self.pacer = pacer
        self.language = language
        self.sleep = sleep
        self._ready: dict[int, float] = {}
        self._gone: set[tuple[str, str]] = set()  # chats lost during this process
        self.digest_time = digest_time
        self.now = now  # what expiry is measured against (sync's clock, `--now`)
        # Channels not to send to in this pass (down), and why; sender threads add to it.
        self._down: dict[str, str] = {}
        self._down_lock = threading.Lock()
        # Whether this process may still send: its lease is good (tracker/sync/lease.py).
        self.may_send: Callable[[], bool] = lambda: True

    def send_due(self, *, drain: bool, skip: Collection[str] = ()) -> SendStats:
        """Send what is due; with `drain`, keep going (and waiting) until nothing is left.

        Chats are served in parallel (`workers` threads), each chat's messages in order.
        Nothing is sent on the channels in `skip` (known to be down), nor on one found
        unreachable meanwhile: their messages wait, untouched, for a later pass.
        """
        stats = SendStats()
        self._down = dict.fromkeys(skip, "")
        with ThreadPoolExecutor(self.workers, thread_name_prefix="send") as pool:
            while True:
                self.records.flush()  # what is read next must show every accepted send
                chats: dict[tuple[str, str], list[_Row]] = {}
                for row in self._pending(stats):
                    chats.setdefault((row.channel, row.chat_id), []).append(row)
                results = self._send_chats(pool, list(chats.values()))
                for result in results:
                    stats.sent += result.sent
                    stats.failed += result.failed
                    stats.unknown += result.unknown
                    stats.reached |= result.reached
                stats.unreachable.update({k: v for k, v in self._down.items() if v})
                earliest = min((result.next_ready for result in results), default=math.inf)
                stats.next_ready = earliest
                if not drain:
                    return stats
                if any(result.progress for result in results):
                    continue
                wait = earliest - self.pacer.clock()
                if earliest == math.inf or wait > MAX_WAIT:
                    return stats
                self.sleep(max(wait, 0.0))

    def _send_chats(self, pool: ThreadPoolExecutor, chats: list[list[_Row]]) -> list[_ChatResult]:
        """Each chat's messages in a thread of `pool`; every accepted send recorded when
        this returns, also when it raises (AuthFailed, a store error)."""
        futures = [pool.submit(self._send_chat, rows) for rows in chats]
        try:
            return [future.result() for future in futures]
        finally:
            wait(futures)  # on an error too: no thread may still be sending
            self.records.flush()

    def _send_chat(self, rows: list[_Row]) -> _ChatResult:
        """Send one chat's due messages in order, up to the first that must wait."""
        result = _ChatResult()
        for row in rows:
            if row.channel in self._down:  # found down meanwhile: the rest waits
                break
            if not self.may_send():  # the lease lapsed: another sync may be sending
                break
            ready = self._ready_at(row)
            if ready > self.pacer.clock():
                result.next_ready = ready
                break
            self._send(row, result)
            result.progress = True
        return result

    def _pending(self, stats: SendStats) -> list[_Row]:
        with self.sessions() as session:
            inactive = {
                (c.channel, c.chat_id)
                for c in session.scalars(select(Chat).where(Chat.active.is_(False)))
            }
            o = OutboxMessage
            rows = session.execute(
                select(
                    o.id,
                    o.kind,
                    o.idempotency_key,
                    o.channel,
                    o.chat_id,
                    o.text,
                    o.reply_to,
                    o.attempts,
                    o.not_before,
                    o.last_error,
                    o.created_at,
                    o.expires_at,
                )
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.channel.in_(list(self.adapters)),
                )
                .order_by(OutboxMessage.id)
            ).all()
        inactive |= self._gone
        now = utcnow()
        moment = as_utc(self.now())
        pending = []
        for r in rows:
            if (r.channel, r.chat_id) in inactive:
                self._fail(r.id, "the chat is inactive", stats)
                continue
            ends = r.expires_at or expiry.expires_at(r.kind, r.created_at, self.digest_time)
            if as_utc(ends) <= moment:
                # Never tried (sync was down) or tried in vain: either way too late now.
                why = expiry.reason(r.kind)
                if r.last_error:
                    why += f"; last error: {r.last_error}"
                stats.expired += 1
                record_failure(self.engine, r.id, why, status="expired")
                log.warning("%s: %s not sent: %s", r.channel, r.idempotency_key, why)
                continue
            if r.channel in self._down:  # expired above even so; otherwise it waits
                continue
            if r.not_before is not None and r.not_before > now and r.id not in self._ready:
                self._ready[r.id] = self.pacer.clock() + (r.not_before - now).total_seconds()
            row = _Row(
                r.id,
                r.kind,
                r.idempotency_key,
                r.channel,
                r.chat_id,
                r.text,
                r.reply_to,
                r.attempts,
            )
            pending.append(row)
        return pending

    def _ready_at(self, row: _Row) -> float:
        adapter = self.adapters[row.channel]
        caps = adapter.capabilities
        group = caps.group_per_minute if adapter.is_group(row.chat_id) else None
        paced = self.pacer.ready_at((row.channel, row.chat_id), caps.per_chat_interval, group)
        return max(paced, self._ready.get(row.id, 0.0))

    def _send(self, row: _Row, stats: SendStats, chat_id: str | None = None) -> None:
        adapter = self.adapters[row.channel]
        target = chat_id or row.chat_id
        key = (row.channel, target)
        if key in self._gone:
            self._fail(row.id, "the chat is inactive", stats)
            return
        try:
            external = self._deliver(adapter, row.outbound(target))
        except Unreachable as error:
            self._channel_down(row.channel, str(error))
            self._defer(row, error.delay, str(error), stats)
        except RetryLater as error:  # throttled (429): this chat waits, as told
            self.pacer.hold(key, error.delay)
            self._defer(row, error.delay, str(error), stats)
        except OutcomeUnknown as error:
            stats.unknown += 1
            record_failure(self.engine, row.id, f"outcome unknown: {error}", status="unknown")
            log.warning(
                "%s: %s: duplicate risk: %s; not sent again (see `tracker outbox list "
                "--status unknown`)",
                row.channel,
                row.key,
                error,
            )
            # So slow a platform would leave every message in doubt: the rest waits.
            self._channel_down(row.channel, str(error))
        except ChatMoved as error:
            if chat_id is not None:  # moved twice in a row: give up on this one
                self._fail(row.id, str(error), stats)
                return
            self._move(row.channel, row.chat_id, error.new_chat_id)
            self._send(row, stats, chat_id=error.new_chat_id)
        except ChatGone as error:
            self._gone.add(key)
            self._fail(row.id, str(error), stats)
            chat_gone(self.sessions, row.channel, target, str(error), self.language)
        except AuthFailed:
            raise
        except AdapterError as error:
            self._fail(row.id, str(error), stats)
            log.warning("%s: %s not sent: %s", row.channel, row.key, error)
        except Exception as error:  # an adapter's bug must not stop the other messages
            log.exception("%s: %s not sent; trying again later", row.channel, row.key)
            self._defer(row, UNEXPECTED_DELAY, f"{type(error).__name__}: {error}", stats)
        else:
            self.pacer.sent(key, group=adapter.is_group(target))
            stats.sent += 1
            stats.reached.add(row.channel)
            self.records.sent(row.id, external, moved_to=chat_id)

    def _channel_down(self, channel: str, reason: str) -> None:
        with self._down_lock:
            self._down.setdefault(channel, reason)

    def _deliver(self, adapter: Adapter, message: Outbound) -> str:
        """`adapter.send`, with the records told a send is under way (their writer waits
        a moment for a record only while one may come)."""
        self.records.sending()
        try:
            return adapter.send(message)
        except BaseException:
            self.records.not_sent()
            raise

    def _defer(self, row: _Row, delay: float, reason: str, stats: SendStats) -> None:
        """Keep the message queued, to be tried again after `delay` (growing with its
        attempts); it expires when no longer worth sending (see `_pending`)."""
        delay = max(delay, min(MAX_BACKOFF, 2.0**row.attempts))
        self._ready[row.id] = self.pacer.clock() + delay
        with self.sessions.begin() as session:
            session.execute(
                _update()
                .where(OutboxMessage.id == row.id)
                .values(
                    attempts=OutboxMessage.attempts + 1,
                    last_error=reason,
                    not_before=utcnow() + timedelta(seconds=delay),
                )
            )

    def _fail(self, row_id: int, reason: str, stats: SendStats) -> None:
        """Give up on a message for good; the reason stays on its outbox row."""
        stats.failed += 1
        record_failure(self.engine, row_id, reason)

    def _move(self, channel: str, old: str, new: str) -> None:
        """A group became a supergroup: its binding and its waiting messages follow it."""
        self.records.flush()  # what was sent to the old id keeps the old id
        with self.sessions.begin() as session:
            follow_chat_move(session, channel, old, new)
        log.warning(
            "%s: chat %s moved to %s; binding and queued messages follow", channel, old, new
        )
