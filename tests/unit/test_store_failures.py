"""Which store failures leave a batch pending (they can pass) and which fail one message."""

from __future__ import annotations

import sqlite3

import psycopg.errors
import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from tracker.reports.serial import month_key, transient


def _sqlite(message: str, code: int) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("error", "passes"),
    [
        (OperationalError("UPDATE", {}, psycopg.errors.DeadlockDetected()), True),
        (OperationalError("SELECT", {}, psycopg.errors.SerializationFailure()), True),
        (OperationalError("SELECT", {}, psycopg.errors.AdminShutdown()), True),
        (OperationalError("SELECT", {}, psycopg.errors.LockNotAvailable()), True),
        (DataError("INSERT", {}, psycopg.errors.NumericValueOutOfRange()), False),
        (IntegrityError("INSERT", {}, psycopg.errors.ForeignKeyViolation()), False),
        (OperationalError("INSERT", {}, _sqlite("database is locked", 5)), True),
        (OperationalError("INSERT", {}, _sqlite("disk I/O error", 10 | (13 << 8))), True),
        (OperationalError("SELECT", {}, _sqlite("integer overflow", 1)), False),
        (OperationalError("SELECT", {}, sqlite3.OperationalError("unable to open")), True),
        (ValueError("a parser bug"), False),
    ],
)
def test_a_failure_that_can_pass_leaves_the_rows_pending(error: Exception, passes: bool) -> None:
    assert transient(error) is passes


def test_a_months_lock_key_is_stable_and_64_bit() -> None:
    from datetime import date

    key = month_key(12, date(2026, 11, 1))
    assert key == month_key(12, date(2026, 11, 1))
    assert key != month_key(12, date(2026, 12, 1)) and key != month_key(13, date(2026, 11, 1))
    assert -(2**63) <= key < 2**63
