"""The column types and defaults the tables use, without the ORM (tracker/store/tables.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, DateTime, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from tracker.clock import utcnow

# Named constraints: SQLite batch migrations can only alter what has a name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An instant kept as naive UTC in the store and handed back as an aware UTC datetime."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# JSONB on PostgreSQL, JSON text elsewhere.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")

# The column type of every count: reported values, stated totals, targets, households.
# 64 bits on both databases, so that no count a store accepts overflows its column or a
# sum of its column (values are bounded per report, tracker/reports/bounds.py). SQLite's
# INTEGER already holds 64 bits; declaring it BIGINT there would rebuild tables for nothing.
COUNT = BigInteger().with_variant(Integer(), "sqlite")


def utc_now() -> datetime:
    return utcnow()  # the one clock (TRACKER_CLOCK in tests)
