"""Counts in 64-bit columns: reported values, stated totals, review values, quota targets,
households

A number past 2^31 in a report waited in review where it did not fit its column, and every
later processing cycle failed on PostgreSQL. SQLite's INTEGER already holds 64 bits, so
nothing changes there (rebuilding these tables would only risk their references).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("report_entries", "value", False),
    ("report_entries", "stated_total", True),
    ("review_items", "value", True),
    ("quotas", "resolved_target", False),
    ("units", "households", True),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table,
            column,
            type_=sa.BigInteger(),
            existing_type=sa.Integer(),
            existing_nullable=nullable,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table,
            column,
            type_=sa.Integer(),
            existing_type=sa.BigInteger(),
            existing_nullable=nullable,
        )
