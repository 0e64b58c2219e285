"""Vietnam local time: every date a user sees or types is in Asia/Ho_Chi_Minh.

Every reading of "now" in the tracker goes through `utcnow` (or `today`), so that
TRACKER_CLOCK can set it: an ISO-8601 instant (`2026-11-20T16:59:00+07:00`; without an
offset, Vietnam time) at which the process's clock starts, running on from there with
real elapsed time, so that loops, pacing and timeouts behave as usual. It is for tests
(every process they start inherits it), never for production.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CLOCK_VARIABLE = "TRACKER_CLOCK"

# TRACKER_CLOCK's value → (the instant it names, time.monotonic() when it was first read).
_starts: dict[str, tuple[datetime, float]] = {}
# `pin`'s instant and when it was pinned: wins over TRACKER_CLOCK.
_pinned: tuple[datetime, float] | None = None
_starts_lock = threading.Lock()


def utcnow() -> datetime:
    start = _pinned
    if start is None:
        fixed = os.environ.get(CLOCK_VARIABLE)
        if not fixed:
            return datetime.now(UTC)
        with _starts_lock:
            start = _starts.get(fixed)
            if start is None:
                start = _starts[fixed] = (_fixed_instant(fixed), time.monotonic())
    instant, origin = start
    return instant + timedelta(seconds=time.monotonic() - origin)


def pin(instant: datetime) -> None:
    """Run this process's clock on from `instant` (`tracker sync --now`), so that what
    the store stamps (a queued reply's creation) agrees with the instant asked for."""
    global _pinned
    _pinned = (as_utc(instant), time.monotonic())


def restart() -> None:
    """Start TRACKER_CLOCK's time again from its instant at the next reading (each test),
    and forget a pinned instant."""
    global _pinned
    with _starts_lock:
        _starts.clear()
        _pinned = None


def _fixed_instant(text: str) -> datetime:
    try:
        return parse_moment(text)
    except ValueError:
        raise ValueError(f"{CLOCK_VARIABLE}: '{text}' is not an ISO-8601 time") from None


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; naive input is taken to be UTC already (how the store keeps it)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The calendar day in Vietnam on which `moment` falls."""
    return as_utc(moment).astimezone(VIETNAM).date()


def today() -> date:
    return local_date(utcnow())


def parse_moment(text: str) -> datetime:
    """An ISO-8601 instant; without an offset it is Vietnam local time."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(UTC)
