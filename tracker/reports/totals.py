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
An officer's review decision committed while a run is going is seen by the next run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.periods import Period
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


class Ledger:
    """The counted (not superseded) entries of the keys in use, in step with the store."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._lines: dict[Key, list[Line]] = {}

    def prefetch(self, months: Iterable[tuple[int, date]]) -> None:
        """Load every indicator of these (team, month) pairs with one query."""
        wanted = {(team, month.replace(day=1)) for team, month in months}
        wanted = {pair for pair in wanted if not self._loaded(pair)}
        if not wanted:
            return
        first = min(month for _, month in wanted)
        last = Period.month_of(max(month for _, month in wanted)).end
        teams = {team for team, _ in wanted}
        for team, month in wanted:
            for indicator in self._indicators:
                self._lines.setdefault((team, indicator, month), [])
        for row in self._session.execute(
            _SELECT.where(
                ReportEntry.team_id.in_(teams),
                ReportEntry.local_date.between(first, last),
            )
        ):
            key = key_of(row.team_id, row.indicator_id, row.local_date)
            if (key[0], key[2]) in wanted:
                self._lines.setdefault(key, []).append(_line(row))

    def use_indicators(self, indicator_ids: Iterable[int]) -> None:
        self._indicators = tuple(indicator_ids)

    def lines(self, key: Key) -> list[Line]:
        lines = self._lines.get(key)
        if lines is None:
            team, indicator, month = key
            rows = self._session.execute(
                _SELECT.where(
                    ReportEntry.team_id == team,
                    ReportEntry.indicator_id == indicator,
                    ReportEntry.local_date.between(month, Period.month_of(month).end),
                )
            )
            lines = self._lines[key] = [_line(row) for row in rows]
        return lines

    def earlier(self, key: Key, sent_at: datetime) -> int:
        return sum(line.value for line in self.lines(key) if line.sent_at < sent_at)

    def total(self, key: Key) -> int:
        return sum(line.value for line in self.lines(key))

    def add(self, key: Key, line: Line) -> None:
        self.lines(key).append(line)

    def drop(self, key: Key, entry_ids: set[int]) -> None:
        self._lines[key] = [line for line in self.lines(key) if line.id not in entry_ids]

    def forget(self, keys: Iterable[Key]) -> None:
        """Reload these keys from the store next time: after a rolled-back savepoint."""
        for key in keys:
            self._lines.pop(key, None)

    def forget_all(self) -> None:
        self._lines.clear()

    def keys(self) -> list[Key]:
        return list(self._lines)

    def later_totals(self, key: Key, sent_at: datetime) -> bool:
        """Whether a stated total sent after `sent_at` may need working out again."""
        return any(
            line.stated_total is not None and line.sent_at > sent_at for line in self.lines(key)
        )

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
        self._lines[key] = kept
        return dropped

    def _loaded(self, pair: tuple[int, date]) -> bool:
        team, month = pair
        return all((team, indicator, month) in self._lines for indicator in self._indicators)

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
