"""Where each journal row came from (live or a file), and whether it was forwarded;
Telegram chats bound by a bare id get the Bot API's spelling

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows already in the journal are taken as live: before this column, whatever
    # processed them decided, and a pending live report is owed its reply.
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=16), server_default="live", nullable=False)
        )
        batch_op.add_column(
            sa.Column("forwarded", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    _canonical_telegram_chats()


def _canonical_telegram_chats() -> None:
    """A bound Telegram chat stored by the bare id a Desktop export shows (`1871203344`)
    got its digests at that id, which the Bot API takes for a private chat. A bound chat
    is a group: it becomes `-100<id>` (unless that spelling is bound too), and what is
    still queued for it follows."""
    digits = (
        "{column} ~ '^[0-9]+$'"
        if op.get_bind().dialect.name == "postgresql"
        else "{column} <> '' AND {column} NOT GLOB '*[^0-9]*'"
    )
    op.execute(
        "UPDATE chats SET chat_id = '-100' || chat_id WHERE channel = 'telegram' AND "
        + digits.format(column="chat_id")
        + " AND NOT EXISTS (SELECT 1 FROM chats AS other WHERE other.channel = 'telegram'"
        " AND other.chat_id = '-100' || chats.chat_id)"
    )
    op.execute(
        "UPDATE outbox SET chat_id = '-100' || chat_id WHERE channel = 'telegram'"
        " AND status = 'pending' AND "
        + digits.format(column="chat_id")
        + " AND '-100' || chat_id IN (SELECT chat_id FROM chats WHERE channel = 'telegram')"
        " AND chat_id NOT IN (SELECT chat_id FROM chats WHERE channel = 'telegram')"
    )


def downgrade() -> None:
    # The chats keep the Bot API's spelling: both spellings find them.
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.drop_column("forwarded")
        batch_op.drop_column("source")
