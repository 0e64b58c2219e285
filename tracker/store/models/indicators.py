"""Indicators (what teams count) and the quotas set per team and period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped, relationship

from tracker.store import tables
from tracker.store.base import Base
from tracker.store.models.teams import Team

PILLARS = ("government", "economy", "society", "training")


class Indicator(Base):
    __table__ = tables.indicators

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    name_en: Mapped[str | None]
    pillar: Mapped[str]
    # What one counts: "hộ" (households), "sản phẩm", "buổi"... Household indicators are
    # bounded by the team's households when a report is checked for plausibility.
    unit: Mapped[str]
    aliases: Mapped[list[str]]
    max_per_report: Mapped[int | None]

    def __repr__(self) -> str:
        return f"Indicator({self.code!r})"

    @property
    def counts_households(self) -> bool:
        from tracker.text import fold

        return fold(self.unit) in {"ho", "ho gia dinh", "household", "households"}


class Quota(Base):
    __table__ = tables.quotas

    id: Mapped[int]
    team_id: Mapped[int]
    indicator_id: Mapped[int]
    period: Mapped[str]  # 2026-10, 2026-Q4 or 2026
    starts_on: Mapped[date]
    ends_on: Mapped[date]  # inclusive
    target_kind: Mapped[str]
    # A count, or a percentage of the households of the team's units (30 for 30%).
    target_value: Mapped[Decimal]
    # The count to reach: the count itself, or ceil(share × households), kept up to date.
    resolved_target: Mapped[int]

    team: Mapped[Team] = relationship()
    indicator: Mapped[Indicator] = relationship()

    @property
    def target_text(self) -> str:
        return target_text(self.target_kind, self.target_value)


def target_text(kind: str, value: Decimal) -> str:
    """A target as officers type it: `120`, or `30%` for a share of households."""
    if kind == "share":
        return f"{value.normalize():f}%"
    return str(int(value))
