"""Sending the outbox: paced, chats in parallel, each accepted send recorded at once.

A message is marked sent, with the platform's id for it, as soon as the platform
accepted it: in a transaction shared with the sends accepted meanwhile
(tracker/sync/records.py). Only a crash between a send and that record can send it
twice; such sends are the last few accepted before the crash, and the crash test
counts them.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Update, select, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.base import Adapter, AdapterError, AuthFailed, ChatGone, ChatMoved, RetryLater
from tracker.chats import find_chat
from tracker.clock import utcnow
from tracker.messages import Outbound
from tracker.store.models import Chat, OutboxMessage
from tracker.sync.notices import chat_gone
from tracker.sync.pacing import Pacer
from tracker.sync.records import SentRecords, record_failure

log = logging.getLogger("tracker.sync")

MAX_ATTEMPTS = 10
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
    # When (on the pacer's clock) the next waiting message may go; inf if none waits.
    next_ready: float = math.inf


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

    def send_due(self, *, drain: bool) -> SendStats:
        """Send what is due; with `drain`, keep going (and waiting) until nothing is left.

        Chats are served in parallel (`workers` threads), each chat's messages in order.
        """
        stats = SendStats()
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
                )
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.channel.in_(list(self.adapters)),
                )
                .order_by(OutboxMessage.id)
            ).all()
        inactive |= self._gone
        now = utcnow()
        pending = []
        for r in rows:
            if (r.channel, r.chat_id) in inactive:
                self._fail(r.id, "the chat is inactive", stats)
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
        except RetryLater as error:
            self.pacer.hold(key, error.delay)
            self._defer(row, error.delay, str(error), stats)
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
            self.records.sent(row.id, external, moved_to=chat_id)

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
        if row.attempts + 1 >= MAX_ATTEMPTS:
            self._fail(row.id, reason, stats)
            return
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
            chat = find_chat(session, channel, old)
            if chat is not None and find_chat(session, channel, new) is None:
                chat.chat_id = new
            session.execute(
                _update()
                .where(
                    OutboxMessage.channel == channel,
                    OutboxMessage.chat_id == old,
                    OutboxMessage.status == "pending",
                )
                .values(chat_id=new)
            )
        log.warning(
            "%s: chat %s moved to %s; binding and queued messages follow", channel, old, new
        )
