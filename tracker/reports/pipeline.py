"""The one channel-agnostic step: pending journal rows become entries, review items,
monthly reports, task completions and replies.

Rows are taken in batches, oldest sent first. A batch is one transaction together with
the status it gives its rows, so a crash at any point loses and doubles nothing: what
was committed is done, the rest is still pending. Each message's writes sit in a
SAVEPOINT; an exception rolls back that message alone and marks it failed, with the
reason, and the batch goes on. A batch the store refuses as a whole (it writes most
entries together at its end) is done again one message per transaction, so that one
message the store cannot take fails alone and never stops the others (`_process`).

Every row ends in one state (CONTRACTS §4): `counted` when every item of it counted
(a monthly report or a task done counts as taken in), `review` when anything of it went
to the review inbox, `ignored` for chat, service messages and replaced versions, and
`failed` with the error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased, sessionmaker

from tracker.clock import local_date, utcnow
from tracker.config import Settings
from tracker.monthly.after_approval import Approvals, hold_edit, hold_report
from tracker.private import record_digest_choice, remember_private_chats
from tracker.registration import REQUEUED
from tracker.reports.language import (
    Chatter,
    MonthlyReport,
    Parsed,
    ProgressReport,
    Registration,
    TaskDone,
    Vocabulary,
)
from tracker.reports.language import parse as parse_report
from tracker.reports.language.model import DigestChoice
from tracker.reports.outcome import Message, Outcome, Pending
from tracker.reports.progress import record_progress
from tracker.reports.register import Registrar
from tracker.reports.replies import TEXT as reply_text
from tracker.reports.replies import outbox_row, queue, reply_to
from tracker.reports.serial import claim_pending, transient
from tracker.reports.submissions import record_monthly, record_task_done
from tracker.reports.supersede import supersede
from tracker.reports.teams import Directory
from tracker.reports.totals import Ledger
from tracker.store.models import InboundMessage, MessageSource, MessageStatus

BATCH_SIZE = 2000
FORWARDED_REASON = "forwarded: not counted for the one who forwarded it"

MessageKey = tuple[str, str, str]

# `status = 'pending'` written out, not bound: only then may SQLite read the partial index
# of pending rows (a bound value could be anything), instead of the whole journal.
IS_PENDING = InboundMessage.status == bindparam(
    "pending_status", MessageStatus.PENDING.value, literal_execute=True
)


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

    def add(self, other: ProcessStats) -> None:
        for name in ("counted", "review", "ignored", "failed", "entries", "review_items"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.replies += other.replies
        self.failures += other.failures


_COLUMNS = [
    getattr(InboundMessage, name)
    for name in ("id", "channel", "chat_id", "message_id", "edit_version", "sender_id")
] + [InboundMessage.text, InboundMessage.sent_at, InboundMessage.source, InboundMessage.forwarded]
_COLUMNS.append(InboundMessage.reason)


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

    Replies are queued for live rows only (the row's `source`): history imported from
    a file is never answered, where answering months-old messages would only flood the
    group. `replies=False` queues none at all (the demo's history).
    """
    stats = ProcessStats()
    with sessions() as session:
        with session.begin():
            directory = Directory(session, settings)
            # The rows pending now, in order, sorted once: sorting what is left before
            # every batch made a 200,000-row import quadratic. Rows that arrive meanwhile
            # wait for the next run.
            query = select(InboundMessage.id).where(IS_PENDING)
            query = query.order_by(InboundMessage.sent_at, InboundMessage.id).limit(limit)
            waiting = list(session.scalars(query))
        vocabulary = Vocabulary.build(directory.aliases)
        # One ledger for the run: each team's month is read from the store once, and again
        # only when another processor or an officer changed it (totals.py, serial.py).
        ledger = Ledger(session)
        ledger.use_indicators(info.id for info in directory.indicators.values())

        def batch(counts: ProcessStats) -> _Batch:
            ledger.begin()
            return _Batch(session, settings, directory, vocabulary, ledger, counts, replies)

        for start in range(0, len(waiting), batch_size):
            chunk = waiting[start : start + batch_size]
            _process(session, chunk, batch, stats)
            if progress is not None:
                progress(len(chunk))
        # Messages held until their sender was known, given back by a registration of
        # this run: taken up in the same run, oldest first (registration.py).
        with session.begin():
            query = select(InboundMessage.id).where(IS_PENDING, InboundMessage.reason == REQUEUED)
            again = list(session.scalars(query.order_by(InboundMessage.sent_at, InboundMessage.id)))
        for start in range(0, len(again), batch_size):
            _process(session, again[start : start + batch_size], batch, stats)
    return stats


def _process(
    session: Session,
    ids: list[int],
    batch: Callable[[ProcessStats], _Batch],
    stats: ProcessStats,
) -> None:
    """Process `ids` in one transaction; when the store refuses it, each message in its own.

    The store refuses a batch when one of its messages cannot be written (a number that
    does not fit its column, a constraint): that message then fails alone, with the
    store's reason, and the others are counted. A failure that can pass (a lost
    connection, a lock, a deadlock) leaves every row pending for the next run.
    """
    attempt = ProcessStats()
    work = batch(attempt)
    try:
        with session.begin():
            work.run(ids)
    except Exception as error:
        work.ledger.forget_all()  # it holds what was rolled back
        if transient(error):
            raise
        if len(ids) > 1:
            for row_id in ids:
                _process(session, [row_id], batch, stats)
        else:
            _fail(session, ids[0], _describe(error), stats)
        return
    stats.add(attempt)


def _fail(session: Session, row_id: int, reason: str, stats: ProcessStats) -> None:
    now = utcnow()
    with session.begin():
        failed = session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == row_id, InboundMessage.status == MessageStatus.PENDING)
            .values(status=MessageStatus.FAILED, reason=reason, processed_at=now),
            execution_options={"synchronize_session": False},
        )
    if cast(CursorResult[Any], failed).rowcount:
        stats.failed += 1
        stats.failures.append(f"message {row_id}: {reason}")


class _Batch:
    def __init__(
        self,
        session: Session,
        settings: Settings,
        directory: Directory,
        vocabulary: Vocabulary,
        ledger: Ledger,
        stats: ProcessStats,
        replies: bool,
    ) -> None:
        self.session = session
        self.settings = settings
        self.directory = directory
        self.vocabulary = vocabulary
        self.stats = stats
        self.replies = replies
        self.ledger = ledger
        self.approvals = Approvals(session)
        self.pending = Pending()
        self.now = utcnow()
        self.statuses: list[tuple[int, str, str | None]] = []
        self.outbox: list[dict[str, Any]] = []
        self.registrar = Registrar(session, directory, settings.language)

    def run(self, ids: list[int]) -> None:
        query = select(*_COLUMNS).where(
            InboundMessage.id.in_(ids), InboundMessage.status == MessageStatus.PENDING
        )
        query = query.order_by(InboundMessage.sent_at, InboundMessage.id)
        # Two processors at once (sync and an ingest) each take rows the other has not.
        query = claim_pending(self.session, query, ids, self.now)
        rows = [
            Message(  # type: ignore[misc]
                *fields[:8],
                day=local_date(fields[7]),
                live=fields[8] == MessageSource.LIVE,
                forwarded=bool(fields[9]),
                again=fields[10] == REQUEUED,
            )
            for fields in self.session.execute(query)
        ]
        if not rows:
            return
        versions = self._versions(rows)
        remember_private_chats(self.session, self.directory, rows)
        parsed: list[tuple[Message, Parsed | None]] = []
        for row in rows:
            try:
                parsed.append(self._parse(row))
            except Exception as error:  # a parser bug must not stop the other messages
                self._finish(row.id, MessageStatus.FAILED, _describe(error))
                parsed.append((row, None))
        self._prefetch(parsed)
        for row, result in parsed:
            if result is not None:
                self._one(row, result, versions.get((row.channel, row.chat_id, row.message_id)))
        self._write()
        self.ledger.end()

    def _parse(self, row: Message) -> tuple[Message, Parsed]:
        """The message understood; a report of a member of several teams may name one
        (`/bc CNCD_NH ttdt 5`), which is taken off before its items are read."""
        result = parse_report(row.text or "", self.vocabulary)
        if isinstance(result, ProgressReport | MonthlyReport):
            named = self.directory.named_team(row.channel, row.sender_id, row.text)
            if named is not None:
                row = replace(row, named_team=named[0])
                result = parse_report(named[1], self.vocabulary)
        return row, result

    def _versions(self, rows: list[Message]) -> dict[MessageKey, list[Version]]:
        """Other versions (edits) of the batch's messages already in the journal."""
        other = aliased(InboundMessage)
        query = (
            select(
                other.channel,
                other.chat_id,
                other.message_id,
                other.id,
                other.edit_version,
                other.status,
            )
            .select_from(InboundMessage)
            .join(
                other,
                (other.channel == InboundMessage.channel)
                & (other.chat_id == InboundMessage.chat_id)
                & (other.message_id == InboundMessage.message_id)
                & (other.id != InboundMessage.id),
            )
            .where(InboundMessage.id.in_([row.id for row in rows]))
        )
        found: dict[MessageKey, list[Version]] = {}
        for channel, chat_id, message_id, row_id, edit, status in self.session.execute(query):
            versions = found.setdefault((channel, chat_id, message_id), [])
            if all(version.id != row_id for version in versions):
                versions.append(Version(row_id, edit, status))
        return found

    def _prefetch(self, parsed: list[tuple[Message, Parsed | None]]) -> None:
        """The batch's teams and team-months read with a few queries, not some per message
        or team: the teams, the ledger's entries, and which months are approved
        (`_approved` asks for every progress report and edit)."""
        months = []
        asked: set[tuple[int, date]] = set()
        for row, result in parsed:
            if isinstance(result, ProgressReport):
                team = self.directory.team_of(
                    row.channel, row.chat_id, row.sender_id, row.named_team
                )
                if isinstance(team, int) and result.items:
                    months.append((team, row.day))
            if result is not None:
                # The team `_approved` looks up (without the report's named team).
                team = self.directory.team_of(row.channel, row.chat_id, row.sender_id)
                if isinstance(team, int):
                    asked.add((team, row.day))
        self.directory.load_teams({team for team, _ in months} | {team for team, _ in asked})
        self.ledger.prefetch(months)
        self.approvals.prefetch(asked)

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
        if row.forwarded and not isinstance(result, Chatter | Registration):
            self._forwarded(row)
            return
        if isinstance(result, Chatter) and not older:
            self._finish(row.id, MessageStatus.IGNORED, "not a report")
            return
        # A team's approved month stays put: what would change it waits in review.
        approved = self._approved(row, result, bool(older))
        # A progress report writes (almost) nothing itself: its entries wait in `pending`.
        # Anything else writes at once, so it gets a SAVEPOINT to roll back on its own.
        inline = bool(older) or not isinstance(result, ProgressReport) or approved is not None
        if isinstance(result, Registration):
            # The sender's reports held earlier in this batch must be in the store for the
            # registration to find them and give them back (registration.py).
            self._write_statuses()
        mark = self.pending.mark()
        savepoint = self.session.begin_nested() if inline else None
        try:
            if older and self.pending.holds(older):
                # Supersede reads the store's entries and review items. Only what the older
                # versions left waiting in this batch must be written first: flushing for
                # every edit was a statement pair per edit, a third of an import's time.
                self._flush()
            if approved is not None:
                outcome = self._after_approval(row, result, older, approved)
            else:
                if older:
                    supersede(self.session, self.ledger, older, row, self.now)
                outcome = self._dispatch(row, result)
            if savepoint is not None:
                savepoint.commit()
        except Exception as error:
            if transient(error):
                raise  # the whole batch waits for the next run (_process)
            if savepoint is not None:
                savepoint.rollback()
            self.pending.truncate(mark)
            touched = self.ledger.keys()
            self._flush()
            self.ledger.forget_all()
            # A stated total this message reworked in memory is worked out once more.
            for key in touched:
                self.ledger.settle(key)
            self._finish(row.id, MessageStatus.FAILED, _describe(error))
            return
        self.stats.entries += outcome.entries
        self.stats.review_items += outcome.review_items
        self._finish(row.id, outcome.status, outcome.reason)
        if outcome.reply and self._answers(row):
            self._reply(row, outcome.reply, outcome.ask_phone)

    def _answers(self, row: Message) -> bool:
        """Whether this row gets a reply: it is the row's source that decides (a file's
        history never, a live message always), whichever process handles it."""
        return self.replies and row.live

    def _forwarded(self, row: Message) -> None:
        """A report someone else wrote, passed on: kept in the journal, never counted
        for the one who forwarded it (nor again for whoever wrote it)."""
        self._finish(row.id, MessageStatus.IGNORED, FORWARDED_REASON)
        if self._answers(row):
            self._reply(row, reply_text(self.settings.language, "forwarded"))

    def _approved(self, row: Message, result: Parsed, edit: bool) -> int | None:
        """The sender's team when this report or edit would change its approved month."""
        if isinstance(result, MonthlyReport | TaskDone | DigestChoice):
            return None
        if not (edit or isinstance(result, ProgressReport)):
            return None
        team = self.directory.team_of(row.channel, row.chat_id, row.sender_id)
        if isinstance(team, int) and self.approvals.approved(team, row.day):
            return team
        return None

    def _after_approval(self, row: Message, result: Parsed, older: list[int], team: int) -> Outcome:
        language = self.settings.language if self._answers(row) else None
        if older:
            return hold_edit(
                self.session,
                self.directory,
                self.ledger,
                older,
                row,
                result,
                team,
                language,
                self.settings.language,
            )
        assert isinstance(result, ProgressReport)
        return hold_report(self.session, self.directory, self.ledger, row, result, team, language)

    def _dispatch(self, row: Message, result: Parsed) -> Outcome:
        language = self.settings.language if self._answers(row) else None
        if isinstance(result, ProgressReport):
            return record_progress(
                self.session, self.directory, self.ledger, self.pending, row, result, language
            )
        if isinstance(result, MonthlyReport):
            return record_monthly(
                self.session, self.directory, self.settings, row, result, language
            )
        if isinstance(result, Registration):
            return self.registrar.handle(row, result, language)
        if isinstance(result, TaskDone):
            return record_task_done(
                self.session, self.directory, row, result, language or self.settings.language
            )
        if isinstance(result, DigestChoice):
            return record_digest_choice(
                self.session, row, result.on, self.settings, language or self.settings.language
            )
        return Outcome(MessageStatus.IGNORED, "not a report (an edit removed the report)")

    def _finish(self, row_id: int, status: str, reason: str | None) -> None:
        self.statuses.append((row_id, status, reason))
        if status == MessageStatus.COUNTED:
            self.stats.counted += 1
        elif status == MessageStatus.REVIEW:
            self.stats.review += 1
        elif status == MessageStatus.IGNORED:
            self.stats.ignored += 1
        else:
            self.stats.failed += 1
            self.stats.failures.append(f"message {row_id}: {reason}")

    def _reply(self, row: Message, text: str, ask_phone: bool = False) -> None:
        out = reply_to(
            row.channel,
            row.chat_id,
            row.message_id,
            row.edit_version,
            text,
            again=row.again,
            ask_phone=ask_phone,
        )
        self.outbox.append(outbox_row(out, self.now))

    def _flush(self) -> None:
        self.pending.flush(self.session)

    def _write(self) -> None:
        self._write_statuses()
        self.stats.replies += queue(self.session, self.outbox + self.registrar.notices)

    def _write_statuses(self) -> None:
        self.pending.flush(self.session)
        # One UPDATE per distinct outcome, not one per row: a batch has only a few.
        groups: dict[tuple[str, str | None], list[int]] = {}
        for row_id, status, reason in self.statuses:
            groups.setdefault((status, reason), []).append(row_id)
        for (status, reason), ids in groups.items():
            self.session.execute(
                update(InboundMessage)
                .where(InboundMessage.id.in_(ids))
                .values(status=status, reason=reason, processed_at=self.now),
                execution_options={"synchronize_session": False},
            )
        self.statuses = []


def _describe(error: Exception) -> str:
    if isinstance(error, DBAPIError) and isinstance(error.orig, Exception):
        error = error.orig  # the store's own words, without the statement and its values
    text = " ".join(str(error).split())[:300]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
