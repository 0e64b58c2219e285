"""Indicators (what teams count) and the quotas set per team and period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.store.base import Base, JSONDocument
from tracker.store.models.counts import COUNT
from tracker.store.models.teams import Team

PILLARS = ("government", "economy", "society", "training")


class Indicator(Base):
    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint(
            "pillar IN ('government', 'economy', 'society', 'training')", name="pillar_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    pillar: Mapped[str] = mapped_column(String(16))
    # What one counts: "hộ" (households), "sản phẩm", "buổi"... Household indicators are
    # bounded by the team's households when a report is checked for plausibility.
    unit: Mapped[str] = mapped_column(String(32), default="")
    aliases: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    max_per_report: Mapped[int | None]

    def __repr__(self) -> str:
        return f"Indicator({self.code!r})"

    @property
    def counts_households(self) -> bool:
        from tracker.text import fold

        return fold(self.unit) in {"ho", "ho gia dinh", "household", "households"}


class Quota(Base):
    __tablename__ = "quotas"
    __table_args__ = (
        UniqueConstraint("team_id", "indicator_id", "period"),
        CheckConstraint("target_kind IN ('count', 'share')", name="target_kind_known"),
        CheckConstraint("resolved_target >= 0", name="resolved_target_positive"),
        # A period's quotas read from the index alone (migration 0013).
        Index(
            "ix_quotas_period_team_id_target",
            "period",
            "team_id",
            "indicator_id",
            "resolved_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    period: Mapped[str] = mapped_column(String(8))  # 2026-10, 2026-Q4 or 2026
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # inclusive
    target_kind: Mapped[str] = mapped_column(String(8))
    # A count, or a percentage of the households of the team's units (30 for 30%).
    target_value: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    # The count to reach: the count itself, or ceil(share × households), kept up to date.
    resolved_target: Mapped[int] = mapped_column(COUNT)

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
