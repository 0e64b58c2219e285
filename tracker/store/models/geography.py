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

from sqlalchemy.orm import Mapped, relationship

from tracker.store import tables
from tracker.store.base import Base

# From the top down. A unit's parent sits at a higher level, not necessarily the next one,
# so that province > commune > village works beside province > district > commune > village.
LEVELS = ("province", "district", "commune", "village")


class Unit(Base):
    __table__ = tables.units

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    level: Mapped[str]
    parent_id: Mapped[int | None]
    households: Mapped[int | None]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]

    parent: Mapped[Unit | None] = relationship(
        remote_side=[tables.units.c.id], back_populates="children"
    )
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"Unit({self.code!r}, {self.level})"


class UnitVersion(Base):
    """A unit's name, level, parent and households before a change dated `valid_to`."""

    __table__ = tables.unit_versions

    id: Mapped[int]
    unit_id: Mapped[int]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date]
    name: Mapped[str]
    level: Mapped[str]
    parent_id: Mapped[int | None]
    households: Mapped[int | None]
