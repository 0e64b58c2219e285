"""Counted entries per team, indicator and month, and stated totals (`=45`) measured against them.

The period of a stated total is the calendar month of its local date: teams report
monthly (the deadlines cascade every month) and members think "so far this month".
A stated total stores the difference from the counted entries of the same team and
indicator sent strictly earlier in that month. Entries sent at the same instant do not
see each other, so the result does not depend on the order messages arrive in.

When an earlier-sent message arrives late, or an edit replaces entries, the later
stated totals of that month are worked out again (`settle`). A stated total that comes
out lower than what was already reported is not counted: in order it would have gone
to review as `total_lower`, so out of order it goes there too.

One ledger serves one processing run and reads each team's month from the store once.
Within each transaction (`begin`) a month is used only once its lock is held
(`tracker.reports.serial`), and a month kept from an earlier transaction is first
checked against the store (its entries' count, sum and largest id): what another
processor or an officer committed meanwhile is read again, and nobody else changes the
month until the transaction ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, event, func, select, update
from sqlalchemy.orm import Session

from tracker.periods import Period
from tracker.reports.serial import lock_months
from tracker.store.models import ReportEntry

# (team id, indicator id, first day of the month)
Key = tuple[int, int, date]


def key_of(team_id: int, indicator_id: int, day: date) -> Key:
    return (team_id, indicator_id, day.replace(day=1))


@dataclass(slots=True)
class Line:
    id: int  # negative while the entry waits in `row` to be written with its batch
    sent_at: datetime
    value: int
    stated_total: int | None
    message_id: int | None
    row: dict[str, Any] | None = None


@dataclass(slots=True)
class _Month:
    """One key's counted lines, with what each new entry asks of them kept up to date:
    reports mostly arrive in the order they were sent, so a new entry's `earlier` is
    the whole month's total, or that less the lines sent at the same instant, without
    a pass over the month (which made a month of n reports cost n² steps)."""

    lines: list[Line]
    total: int = 0
    latest: datetime | None = None  # the latest sent_at among the lines
    at_latest: int = 0  # the values of the lines sent at `latest`
    latest_stated: datetime | None = None  # the latest sent_at of a stated total

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.total += line.value
        if self.latest is None or line.sent_at > self.latest:
            self.latest, self.at_latest = line.sent_at, line.value
        elif line.sent_at == self.latest:
            self.at_latest += line.value
        if line.stated_total is not None and (
            self.latest_stated is None or line.sent_at > self.latest_stated
        ):
            self.latest_stated = line.sent_at

    def fingerprint(self) -> tuple[int, int, int]:
        return (len(self.lines), self.total, max((line.id for line in self.lines), default=0))

    def earlier(self, sent_at: datetime) -> int:
        if self.latest is None or sent_at > self.latest:
            return self.total
        if sent_at == self.latest:
            return self.total - self.at_latest
        # A late arrival: one pass over the month.
        return sum(line.value for line in self.lines if line.sent_at < sent_at)


_EMPTY = (0, 0, 0)


def _month(lines: Iterable[Line]) -> _Month:
    month = _Month([])
    for line in lines:
        month.add(line)
    return month


class Ledger:
    """The counted (not superseded) entries of the keys in use, in step with the store."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._months: dict[Key, _Month] = {}
        # (team, month) pairs locked and checked in the current transaction
        self._held: set[tuple[int, date]] = set()
        # SQLite: the store's state when the last transaction ended (`end`), and whether
        # nobody else wrote since, so that what is kept needs no check (`_untouched`).
        self._mark: _State | None = None
        self._fresh: bool | None = None
        _count_commits(session)

    def begin(self) -> None:
        """A new transaction: each month is locked and checked again before it is used."""
        self._held.clear()
        self._fresh = None

    def end(self) -> None:
        """The transaction is about to commit what is kept: remember the store's state, so
        that the next transaction can tell whether anyone else has written since."""
        self._mark = _sqlite_state(self._session)

    def prefetch(self, months: Iterable[tuple[int, date]]) -> None:
        """Load every indicator of these (team, month) pairs with one query."""
        wanted = {(team, month.replace(day=1)) for team, month in months}
        self._hold(wanted - self._held)
        wanted = {pair for pair in wanted if not self._loaded(pair)}
        if not wanted:
            return
        first = min(month for _, month in wanted)
        last = Period.month_of(max(month for _, month in wanted)).end
        teams = {team for team, _ in wanted}
        for team, month in wanted:
            for indicator in self._indicators:
                self._months.setdefault((team, indicator, month), _Month([]))
        for row in self._session.execute(
            _SELECT.where(
                ReportEntry.team_id.in_(teams),
                ReportEntry.local_date.between(first, last),
            )
        ):
            key = key_of(row.team_id, row.indicator_id, row.local_date)
            if (key[0], key[2]) in wanted:
                self._months.setdefault(key, _Month([])).add(_line(row))

    def use_indicators(self, indicator_ids: Iterable[int]) -> None:
        self._indicators = tuple(indicator_ids)

    def _month(self, key: Key) -> _Month:
        team, indicator, first = key
        if (team, first) not in self._held:
            self._hold({(team, first)})
        month = self._months.get(key)
        if month is None:
            rows = self._session.execute(
                _SELECT.where(
                    ReportEntry.team_id == team,
                    ReportEntry.indicator_id == indicator,
                    ReportEntry.local_date.between(first, Period.month_of(first).end),
                )
            )
            month = self._months[key] = _month(_line(row) for row in rows)
        return month

    def lines(self, key: Key) -> list[Line]:
        return self._month(key).lines

    def earlier(self, key: Key, sent_at: datetime) -> int:
        """The sum of the counted entries sent strictly before `sent_at`."""
        return self._month(key).earlier(sent_at)

    def total(self, key: Key) -> int:
        return self._month(key).total

    def add(self, key: Key, line: Line) -> None:
        self._month(key).add(line)

    def drop(self, key: Key, entry_ids: set[int]) -> None:
        self._months[key] = _month(line for line in self.lines(key) if line.id not in entry_ids)

    def forget(self, keys: Iterable[Key]) -> None:
        """Reload these keys from the store next time: after a rolled-back savepoint."""
        for key in keys:
            self._months.pop(key, None)

    def forget_all(self) -> None:
        """Read everything again: after a rollback. A lock taken in a rolled-back savepoint
        is gone, so locks are taken again too (taking a held one again is a no-op)."""
        self._months.clear()
        self._held.clear()
        self._mark = None

    def _hold(self, pairs: set[tuple[int, date]]) -> None:
        """Lock these months, and forget what was kept of them if the store has changed."""
        if not pairs:
            return
        lock_months(self._session, pairs)
        kept = [key for key in self._months if (key[0], key[2]) in pairs]
        if kept and not self._untouched():
            stored = self._fingerprints({(key[0], key[2]) for key in kept})
            for key in kept:
                if self._months[key].fingerprint() != stored.get(key, _EMPTY):
                    del self._months[key]
        self._held |= pairs

    def _fingerprints(self, pairs: set[tuple[int, date]]) -> dict[Key, tuple[int, int, int]]:
        """(count, sum, largest id) of the counted entries of each key of these months."""
        first = min(month for _, month in pairs)
        last = Period.month_of(max(month for _, month in pairs)).end
        day = ReportEntry.local_date
        postgresql = self._session.get_bind().dialect.name == "postgresql"
        month = func.to_char(day, "YYYY-MM") if postgresql else func.strftime("%Y-%m", day)
        found: dict[Key, tuple[int, int, int]] = {}
        for team, indicator, written, count, total, largest in self._session.execute(
            select(
                ReportEntry.team_id,
                ReportEntry.indicator_id,
                month,
                func.count(),
                func.sum(ReportEntry.value),
                func.max(ReportEntry.id),
            )
            .where(
                ReportEntry.superseded_by_id.is_(None),
                ReportEntry.team_id.in_({team for team, _ in pairs}),
                day.between(first, last),
            )
            .group_by(ReportEntry.team_id, ReportEntry.indicator_id, month)
        ):
            year, number = written.split("-")
            key = (team, indicator, date(int(year), int(number), 1))
            if (key[0], key[2]) in pairs:
                found[key] = (count, int(total), largest)
        return found

    def _untouched(self) -> bool:
        """Whether nobody but this ledger's transactions wrote to the store since the last
        one ended (`end`): then everything kept is as stored, and checking each month's
        fingerprint (a fifth of an import's time) is skipped for this transaction.

        SQLite only, where the transaction holds the write lock from its start: the
        connection's `data_version` changes when another connection commits, and its
        count of commits (`_count_commits`) when another session used this connection in
        between; exactly one commit, ours, is expected. PostgreSQL always checks."""
        if self._fresh is None:
            mark, self._mark = self._mark, None
            state = _sqlite_state(self._session)
            self._fresh = (
                mark is not None
                and state is not None
                and state.connection is mark.connection
                and state.data_version == mark.data_version
                and state.commits == mark.commits + 1
            )
        return self._fresh

    def keys(self) -> list[Key]:
        return list(self._months)

    def later_totals(self, key: Key, sent_at: datetime) -> bool:
        """Whether a stated total sent after `sent_at` may need working out again."""
        latest = self._month(key).latest_stated
        return latest is not None and latest > sent_at

    def settle(self, key: Key) -> list[Line]:
        """Work out the stated totals again, write the values that changed, and return
        the totals that came out lower than the reports before them (no longer counted)."""
        running = 0
        kept: list[Line] = []
        dropped: list[Line] = []
        changed: list[dict[str, int]] = []
        ordered = sorted(self.lines(key), key=lambda line: (line.sent_at, line.id))
        for _, group in groupby(ordered, key=lambda line: line.sent_at):
            added = 0
            for line in group:
                if line.stated_total is not None:
                    value = line.stated_total - running
                    if value < 0:
                        dropped.append(line)
                        continue
                    if value != line.value:
                        line.value = value
                        if line.row is not None:
                            line.row["value"] = value
                        else:
                            changed.append({"id": line.id, "value": value})
                added += line.value
                kept.append(line)
            running += added
        if changed:
            self._session.execute(update(ReportEntry), changed)
        self._months[key] = _month(kept)
        return dropped

    def _loaded(self, pair: tuple[int, date]) -> bool:
        team, month = pair
        return all((team, indicator, month) in self._months for indicator in self._indicators)

    _indicators: tuple[int, ...] = ()


_SELECT = select(
    ReportEntry.id,
    ReportEntry.team_id,
    ReportEntry.indicator_id,
    ReportEntry.local_date,
    ReportEntry.sent_at,
    ReportEntry.value,
    ReportEntry.stated_total,
    ReportEntry.message_id,
).where(ReportEntry.superseded_by_id.is_(None))


def _line(row: object) -> Line:
    return Line(
        row.id,  # type: ignore[attr-defined]
        row.sent_at,  # type: ignore[attr-defined]
        row.value,  # type: ignore[attr-defined]
        row.stated_total,  # type: ignore[attr-defined]
        row.message_id,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True, slots=True)
class _State:
    connection: object  # the DBAPI connection
    data_version: int
    commits: int


_COMMITS = "tracker_commits"  # Connection.info: commits made on this DBAPI connection


def _counted(connection: Connection) -> None:
    connection.info[_COMMITS] = connection.info.get(_COMMITS, 0) + 1


def _count_commits(session: Session) -> None:
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    if engine.dialect.name == "sqlite" and not event.contains(engine, "commit", _counted):
        event.listen(engine, "commit", _counted)


def _sqlite_state(session: Session) -> _State | None:
    """The store's state as this SQLite transaction sees it; None elsewhere, or outside
    a transaction (where another writer could commit right after it is read)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    connection = session.connection()
    dbapi = connection.connection.dbapi_connection
    if dbapi is None or not getattr(dbapi, "in_transaction", False):
        return None
    version = dbapi.execute("PRAGMA data_version").fetchone()[0]
    return _State(dbapi, int(version), connection.info.get(_COMMITS, 0))
