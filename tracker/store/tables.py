"""The tables the standing reads, in Core: a read command (`tracker leaderboard`) needs
neither the ORM nor the models, whose import and mapping cost more than its query.

The models of these tables (tracker/store/models) map them (`__table__`), so each table is
declared once, here. The other tables are declared by their models, on the same metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from tracker.store.types import COUNT, NAMING_CONVENTION, JSONDocument, UTCDateTime, utc_now

metadata = MetaData(naming_convention=NAMING_CONVENTION)

_LEVEL_KNOWN = "level IN ('province', 'district', 'commune', 'village')"

# The administrative hierarchy (see tracker/store/models/geography.py for the dates).
units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("level", String(16), nullable=False),
    Column("parent_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("households", COUNT, nullable=True),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
    CheckConstraint(_LEVEL_KNOWN, name="level_known"),
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

unit_versions = Table(
    "unit_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=False),
    Column("name", String(200), nullable=False),
    Column("level", String(16), nullable=False),
    Column("parent_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("households", COUNT, nullable=True),
    CheckConstraint(_LEVEL_KNOWN, name="level_known"),
    CheckConstraint("households IS NULL OR households >= 0", name="households_positive"),
    Index("ix_unit_versions_unit_id", "unit_id"),
    Index("ix_unit_versions_parent_id", "parent_id"),
)

teams = Table(
    "teams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("level", String(16), nullable=False),
    Column("active_from", Date, nullable=True),
    Column("retired_on", Date, nullable=True),
    CheckConstraint(_LEVEL_KNOWN, name="level_known"),
)

team_units = Table(
    "team_units",
    metadata,
    Column(
        "team_id",
        Integer,
        ForeignKey("teams.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("unit_id", Integer, ForeignKey("units.id"), primary_key=True),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
    Index("ix_team_units_unit_id", "unit_id"),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200), nullable=True),
    Column("pillar", String(16), nullable=False),
    Column("unit", String(32), nullable=False, default=""),
    Column("aliases", JSONDocument, nullable=False, default=list),
    Column("max_per_report", Integer, nullable=True),
    CheckConstraint(
        "pillar IN ('government', 'economy', 'society', 'training')", name="pillar_known"
    ),
)

quotas = Table(
    "quotas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id"), nullable=False),
    Column("period", String(8), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("target_kind", String(8), nullable=False),
    Column("target_value", Numeric(12, 2), nullable=False),
    Column("resolved_target", COUNT, nullable=False),
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

report_entries = Table(
    "report_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id"), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("value", COUNT, nullable=False),
    Column("stated_total", COUNT, nullable=True),
    Column("sent_at", UTCDateTime, nullable=False),
    Column("message_id", Integer, ForeignKey("inbound_messages.id"), nullable=True),
    Column("officer", String(100), nullable=True),
    Column("note", Text, nullable=True),
    Column("superseded_by_id", Integer, ForeignKey("inbound_messages.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False, default=utc_now),
    CheckConstraint("message_id IS NOT NULL OR officer IS NOT NULL", name="has_source"),
    Index("ix_report_entries_team_id_local_date", "team_id", "local_date"),
    Index("ix_report_entries_message_id", "message_id"),
    Index("ix_report_entries_local_date_indicator_id", "local_date", "indicator_id"),
    # The counted entries only, with every column the standing reads (migration 0013).
    Index(
        "ix_report_entries_counted",
        "team_id",
        "local_date",
        "indicator_id",
        "value",
        "superseded_by_id",
        sqlite_where=text("superseded_by_id IS NULL"),
        postgresql_where=text("superseded_by_id IS NULL"),
    ),
)

monthly_reports = Table(
    "monthly_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    Column("month", String(7), nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("message_id", Integer, ForeignKey("inbound_messages.id"), nullable=True),
    Column("difficulties", Text, nullable=False, default=""),
    Column("proposals", Text, nullable=False, default=""),
    Column("good_practices", Text, nullable=False, default=""),
    Column("totals", JSONDocument, nullable=False, default=dict),
    UniqueConstraint("team_id", "month"),
)

monthly_decisions = Table(
    "monthly_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    Column("month", String(7), nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(100), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False, default=utc_now),
    Column("reason", Text, nullable=True),
    UniqueConstraint("team_id", "month"),
    CheckConstraint("status IN ('approved', 'returned')", name="status_known"),
)
