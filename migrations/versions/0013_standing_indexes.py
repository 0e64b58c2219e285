"""Indexes for the standing: a month's counted entries per team, a period's quotas per team

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

The standing sums, per team and indicator, the entries no edit superseded whose local date
lies in the period. A partial index holds only those entries and every column the sum
reads, so the plan reads a team's month from the index alone (no table row is visited),
on both databases: `superseded_by_id`, always NULL in it, is a column too because SQLite
counts an index as covering only when it holds every column the query names. The quotas
of a period are read the same way: the old (period, team_id) index becomes
(period, team_id, indicator_id, resolved_target).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = sa.text("superseded_by_id IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_report_entries_counted",
        "report_entries",
        ["team_id", "local_date", "indicator_id", "value", "superseded_by_id"],
        sqlite_where=COUNTED,
        postgresql_where=COUNTED,
    )
    op.drop_index("ix_quotas_period_team_id", table_name="quotas")
    op.create_index(
        "ix_quotas_period_team_id_target",
        "quotas",
        ["period", "team_id", "indicator_id", "resolved_target"],
    )


def downgrade() -> None:
    op.drop_index("ix_quotas_period_team_id_target", table_name="quotas")
    op.create_index("ix_quotas_period_team_id", "quotas", ["period", "team_id"])
    op.drop_index("ix_report_entries_counted", table_name="report_entries")
