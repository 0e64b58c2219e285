"""The map has a history: units and team links with dates, earlier unit values, team dates

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10

Existing rows get no dates (valid since always, still valid), so every store reads as
before until a reorganisation or a retirement sets them.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


@contextmanager
def _foreign_keys_off() -> Iterator[None]:
    """SQLite alters `units` by copying it and dropping the old table, which the rows of
    teams, chats and tasks refer to: as SQLite's manual says for such changes, foreign
    keys go off (which only works between transactions, hence the commit before), the
    table is rebuilt, every key is checked, and they come back on."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    raw: Any = bind.connection.dbapi_connection
    if raw.in_transaction:
        raw.execute("COMMIT")
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("BEGIN IMMEDIATE")
    yield
    broken = raw.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
    raw.execute("COMMIT")
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute("BEGIN IMMEDIATE")


def upgrade() -> None:
    with _foreign_keys_off(), op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
        # A code may be reused by a later unit: unique only among the units not ended.
        batch_op.drop_constraint("uq_units_code", type_="unique")
        batch_op.create_check_constraint(
            op.f("ck_units_dates_ordered"),
            "valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to",
        )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index("ix_units_code", ["code"], unique=False)
        batch_op.create_index(
            "uq_units_code_open",
            ["code"],
            unique=True,
            sqlite_where=sa.text("valid_to IS NULL"),
            postgresql_where=sa.text("valid_to IS NULL"),
        )
    op.create_table(
        "unit_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column(
            "households", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.CheckConstraint(
            "level IN ('province', 'district', 'commune', 'village')",
            name=op.f("ck_unit_versions_level_known"),
        ),
        sa.CheckConstraint(
            "households IS NULL OR households >= 0",
            name=op.f("ck_unit_versions_households_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["units.id"], name=op.f("fk_unit_versions_parent_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_unit_versions_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_versions")),
    )
    with op.batch_alter_table("unit_versions", schema=None) as batch_op:
        batch_op.create_index("ix_unit_versions_unit_id", ["unit_id"], unique=False)
        batch_op.create_index("ix_unit_versions_parent_id", ["parent_id"], unique=False)
    with op.batch_alter_table("team_units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("retired_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # Dropping a column rebuilds the table on SQLite: with foreign keys on, dropping the
    # old `teams` would cascade to members and chats.
    with _foreign_keys_off():
        _downgrade()


def _downgrade() -> None:
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("retired_on")
        batch_op.drop_column("active_from")
    with op.batch_alter_table("team_units", schema=None) as batch_op:
        batch_op.drop_column("valid_to")
        batch_op.drop_column("valid_from")
    op.drop_table("unit_versions")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index("uq_units_code_open")
        batch_op.drop_index("ix_units_code")
        batch_op.drop_constraint(op.f("ck_units_dates_ordered"), type_="check")
        batch_op.create_unique_constraint("uq_units_code", ["code"])
        batch_op.drop_column("valid_to")
        batch_op.drop_column("valid_from")
