"""The one channel-agnostic step: pending journal rows become entries, review items,
monthly reports, task completions and replies.

Rows are taken in batches, oldest sent first. A batch is one transaction together with
the status it gives its rows, so a crash at any point loses and doubles nothing: what
was committed is done, the rest is still pending. Each message's writes sit in a
SAVEPOINT; an exception rolls back that message alone and marks it failed, with the
reason, and the batch goes on.

Every row ends in one state (CONTRACTS §4): `counted` when every item of it counted
(a monthly report or a task done counts as taken in), `review` when anything of it went
to the review inbox, `ignored` for chat, service messages and replaced versions, and
`failed` with the error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import Session, sessionmaker

from tracker.clock import local_date, utcnow
from tracker.config import Settings
from tracker.reports.language import Chatter, MonthlyReport, ProgressReport, TaskDone, Vocabulary
from tracker.reports.language import parse as parse_report
from tracker.reports.outcome import Message, Outcome
from tracker.reports.progress import record_progress
from tracker.reports.submissions import record_monthly, record_task_done
from tracker.reports.supersede import supersede
from tracker.reports.teams import Directory
from tracker.reports.totals import Ledger
from tracker.store.models import InboundMessage, MessageStatus, OutboxMessage

BATCH_SIZE = 500

Parsed = ProgressReport | MonthlyReport | TaskDone | Chatter
MessageKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Version:
    """Another version (edit) of a message in the batch."""

    id: int
    edit_version: int
    status: str


@dataclass
class ProcessStats:
    counted: int = 0
    review: int = 0
    ignored: int = 0
    failed: int = 0
    entries: int = 0
    review_items: int = 0
    replies: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.counted + self.review + self.ignored + self.failed


_COLUMNS = (
    InboundMessage.id,
    InboundMessage.channel,
    InboundMessage.chat_id,
    InboundMessage.message_id,
    InboundMessage.edit_version,
    InboundMessage.sender_id,
    InboundMessage.text,
    InboundMessage.sent_at,
)


def process_pending(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    limit: int | None = None,
    replies: bool = True,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ProcessStats:
    """Process up to `limit` pending rows of every channel; return what became of them.

    `replies=False` processes without queueing replies: for a history imported from a
    file, where answering months-old messages would only flood the group.
    """
    stats = ProcessStats()
    with sessions() as session:
        with session.begin():
            directory = Directory(session, settings)
        vocabulary = Vocabulary.build(directory.aliases)
        while limit is None or stats.processed < limit:
            size = batch_size if limit is None else min(batch_size, limit - stats.processed)
            with session.begin():
                batch = _Batch(session, settings, directory, vocabulary, stats, replies)
                done = batch.run(size)
            if progress is not None and done:
                progress(done)
            if done < size:
                break
    return stats


class _Batch:
    def __init__(
        self,
        session: Session,
        settings: Settings,
        directory: Directory,
        vocabulary: Vocabulary,
        stats: ProcessStats,
        replies: bool,
    ) -> None:
        self.session = session
        self.settings = settings
        self.directory = directory
        self.vocabulary = vocabulary
        self.stats = stats
        self.replies = replies
        self.ledger = Ledger(session)
        self.ledger.use_indicators(info.id for info in directory.indicators.values())
        self.now = utcnow()
        self.statuses: list[dict[str, Any]] = []
        self.outbox: list[dict[str, Any]] = []

    def run(self, size: int) -> int:
        query = select(*_COLUMNS).where(InboundMessage.status == MessageStatus.PENDING)
        query = query.order_by(InboundMessage.sent_at, InboundMessage.id).limit(size)
        if self.session.get_bind().dialect.name == "postgresql":
            # Two processors at once (sync and an ingest) each take rows the other has not.
            query = query.with_for_update(skip_locked=True, of=InboundMessage)
        rows = [Message(*row) for row in self.session.execute(query)]
        if not rows:
            return 0
        versions = self._versions(rows)
        parsed: list[tuple[Message, Parsed | None]] = []
        for row in rows:
            try:
                parsed.append((row, parse_report(row.text or "", self.vocabulary)))
            except Exception as error:  # a parser bug must not stop the other messages
                self._finish(row.id, MessageStatus.FAILED, _describe(error))
                parsed.append((row, None))
        self._prefetch(parsed)
        for row, result in parsed:
            if result is not None:
                self._one(row, result, versions.get((row.channel, row.chat_id, row.message_id)))
        self._write()
        return len(rows)

    def _versions(self, rows: list[Message]) -> dict[MessageKey, list[Version]]:
        """Other versions (edits) of the batch's messages already in the journal."""
        keys = {(row.channel, row.chat_id, row.message_id) for row in rows}
        found: dict[MessageKey, list[Version]] = {}
        message_key = tuple_(
            InboundMessage.channel, InboundMessage.chat_id, InboundMessage.message_id
        )
        multi = (
            select(InboundMessage.channel, InboundMessage.chat_id, InboundMessage.message_id)
            .where(message_key.in_(keys))
            .group_by(InboundMessage.channel, InboundMessage.chat_id, InboundMessage.message_id)
            .having(func.count() > 1)
        )
        edited = self.session.execute(multi).all()
        if not edited:
            return found
        query = select(
            InboundMessage.channel,
            InboundMessage.chat_id,
            InboundMessage.message_id,
            InboundMessage.id,
            InboundMessage.edit_version,
            InboundMessage.status,
        ).where(message_key.in_([tuple(row) for row in edited]))
        for channel, chat_id, message_id, row_id, edit, status in self.session.execute(query):
            found.setdefault((channel, chat_id, message_id), []).append(
                Version(row_id, edit, status)
            )
        return found

    def _prefetch(self, parsed: list[tuple[Message, Parsed | None]]) -> None:
        months = []
        for row, result in parsed:
            if isinstance(result, ProgressReport) and result.items:
                team = self.directory.team_of(row.channel, row.chat_id, row.sender_id)
                if isinstance(team, int):
                    months.append((team, local_date(row.sent_at)))
        self.ledger.prefetch(months)

    def _one(self, row: Message, result: Parsed, versions: list[Version] | None) -> None:
        versions = versions or []
        newer = [
            v.edit_version
            for v in versions
            if v.edit_version > row.edit_version and v.status != MessageStatus.FAILED
        ]
        if newer:
            reason = f"replaced by a newer version of the message ({max(newer)})"
            self._finish(row.id, MessageStatus.IGNORED, reason)
            return
        older = [v.id for v in versions if v.edit_version < row.edit_version]
        if isinstance(result, Chatter) and not older:
            self._finish(row.id, MessageStatus.IGNORED, "not a report")
            return
        savepoint = self.session.begin_nested()
        try:
            if older:
                supersede(self.session, self.ledger, older, row, self.now)
            outcome = self._dispatch(row, result)
            savepoint.commit()
        except Exception as error:
            savepoint.rollback()
            self.ledger.forget_all()
            self._finish(row.id, MessageStatus.FAILED, _describe(error))
            return
        self.stats.entries += outcome.entries
        self.stats.review_items += outcome.review_items
        self._finish(row.id, outcome.status, outcome.reason)
        if outcome.reply and self.replies:
            self._reply(row, outcome.reply)

    def _dispatch(self, row: Message, result: Parsed) -> Outcome:
        language = self.settings.language
        if isinstance(result, ProgressReport):
            return record_progress(self.session, self.directory, self.ledger, row, result, language)
        if isinstance(result, MonthlyReport):
            return record_monthly(self.session, self.directory, self.settings, row, result)
        if isinstance(result, TaskDone):
            return record_task_done(self.session, self.directory, row, result, language)
        return Outcome(MessageStatus.IGNORED, "not a report (an edit removed the report)")

    def _finish(self, row_id: int, status: str, reason: str | None) -> None:
        self.statuses.append(
            {"id": row_id, "status": status, "reason": reason, "processed_at": self.now}
        )
        if status == MessageStatus.COUNTED:
            self.stats.counted += 1
        elif status == MessageStatus.REVIEW:
            self.stats.review += 1
        elif status == MessageStatus.IGNORED:
            self.stats.ignored += 1
        else:
            self.stats.failed += 1
            self.stats.failures.append(f"message {row_id}: {reason}")

    def _reply(self, row: Message, text: str) -> None:
        from tracker.reports.replies import reply_to

        out = reply_to(row.channel, row.chat_id, row.message_id, row.edit_version, text)
        self.outbox.append(
            {
                "idempotency_key": out.idempotency_key,
                "kind": out.kind,
                "channel": out.channel,
                "chat_id": out.chat_id,
                "reply_to": out.reply_to,
                "text": out.text,
                "status": "pending",
                "attempts": 0,
                "created_at": self.now,
            }
        )

    def _write(self) -> None:
        if self.statuses:
            self.session.execute(update(InboundMessage), self.statuses)
        if self.outbox:
            statement = _insert_ignoring(self.session)
            self.stats.replies += len(self.session.execute(statement, self.outbox).all())


def _insert_ignoring(session: Session) -> Any:
    """An outbox insert that skips a key already queued: a reply goes out at most once."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return (
            pg_insert(OutboxMessage)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(OutboxMessage.id)
        )
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return (
        sqlite_insert(OutboxMessage)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage.id)
    )


def _describe(error: Exception) -> str:
    text = " ".join(str(error).split())[:300]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
