"""How long an unsent message stays worth sending, when the platform cannot be reached.

A reply answers a report of its day: past midnight (Vietnam time) of the day it was
queued it would only confuse, so it expires then. A digest, a reminder and an overdue
flag are replaced by the next day's, posted at `digest.time`: they expire then. A
notice to the officers (a chat lost) stays useful for a week. An expired message ends
`expired` with its reason, never sent.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from tracker.clock import VIETNAM

NOTICE_LIFETIME = timedelta(days=7)
RETRY_LIFETIME = timedelta(days=1)  # what an admin's `tracker outbox retry` gives


def expires_at(kind: str, created_at: datetime, digest_time: time) -> datetime:
    """When a message of `kind` queued at `created_at` stops being worth sending."""
    local = created_at.astimezone(VIETNAM)
    next_day = local.date() + timedelta(days=1)
    if kind == "reply":
        return datetime.combine(next_day, time(0), VIETNAM)
    if kind in ("digest", "reminder", "overdue"):
        return datetime.combine(next_day, digest_time, VIETNAM)
    return created_at + NOTICE_LIFETIME


def reason(kind: str) -> str:
    """Why an expired message was not sent (kept on its outbox row)."""
    if kind == "reply":
        return "expired: the platform could not be reached before the day ended"
    if kind in ("digest", "reminder", "overdue"):
        return "expired: the platform could not be reached before the next digest"
    return "expired: the platform could not be reached for a week"
