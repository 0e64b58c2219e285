"""A member's private chat with the bot, their choice of a private standing, and when and
by whom their account was linked

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("private_chat_id", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("private_digest", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("linked_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("linked_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member_accounts", schema=None) as batch_op:
        batch_op.drop_column("linked_by")
        batch_op.drop_column("linked_at")
        batch_op.drop_column("private_digest")
        batch_op.drop_column("private_chat_id")
