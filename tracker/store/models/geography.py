"""The administrative hierarchy. It is data, not code: 4 levels or 3 (no districts) both work.

The map changes (1 July 2025: no more districts, communes merged), so a unit has the dates
it exists: `valid_from` (None: since always) up to `valid_to`, the first day it no longer
exists (None: still exists). A code names one unit at any date and may be reused later by
another unit. The row's name, level, parent and households are the unit's latest values;
earlier values live in `unit_versions`, each for the days [valid_from, valid_to). Keeping
the latest values on the row lets the code that only knows "today" (forms, the TUI's
editors, plain imports) go on reading one row; tracker/maps/history.py reads a date.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.store.base import Base
from tracker.store.models.counts import COUNT

# From the top down. A unit's parent sits at a higher level, not necessarily the next one,
# so that province > commune > village works beside province > district > commune > village.
LEVELS = ("province", "district", "commune", "village")


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint(
            "level IN ('province', 'district', 'commune', 'village')", name="level_known"
        ),
        CheckConstraint("households IS NULL OR households >= 0", name="households_positive"),
        Index("ix_units_parent_id", "parent_id"),
        Index("ix_units_code", "code"),
        # One unit per code among those not ended; ended units may share a reused code.
        Index(
            "uq_units_code_open",
            "code",
            unique=True,
            sqlite_where=text("valid_to IS NULL"),
            postgresql_where=text("valid_to IS NULL"),
        ),
        CheckConstraint(
            "valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    households: Mapped[int | None] = mapped_column(COUNT)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"Unit({self.code!r}, {self.level})"


class UnitVersion(Base):
    """A unit's name, level, parent and households before a change dated `valid_to`."""

    __tablename__ = "unit_versions"
    __table_args__ = (
        CheckConstraint(
            "level IN ('province', 'district', 'commune', 'village')", name="level_known"
        ),
        CheckConstraint("households IS NULL OR households >= 0", name="households_positive"),
        Index("ix_unit_versions_unit_id", "unit_id"),
        Index("ix_unit_versions_parent_id", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date]
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    households: Mapped[int | None] = mapped_column(COUNT)
