"""The administrative hierarchy. It is data, not code: 4 levels or 3 (no districts) both work."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
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
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    households: Mapped[int | None] = mapped_column(COUNT)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"Unit({self.code!r}, {self.level})"
