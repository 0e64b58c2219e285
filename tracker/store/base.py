"""The declarative base shared by every model, and the column types they use."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from tracker.store.engine import listen_sessions
from tracker.store.tables import metadata
from tracker.store.types import NAMING_CONVENTION, JSONDocument, UTCDateTime, utc_now

__all__ = ["NAMING_CONVENTION", "Base", "JSONDocument", "UTCDateTime", "utc_now"]


class Base(DeclarativeBase):
    # The tables the standing reads are declared in Core (tracker/store/tables.py), so that
    # a read command needs no ORM; the models map them, and declare the rest here.
    metadata = metadata


listen_sessions()  # SQLite engines made before the ORM loaded
