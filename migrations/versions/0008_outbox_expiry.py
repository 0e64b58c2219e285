"""Outbox: `expired` and `unknown` states, and an explicit expiry

A message that failed for a reason that can pass waits in the outbox until it is no
longer useful, then ends `expired`; a send whose outcome is unknown (no answer after
the request went out) ends `unknown` rather than being sent twice. `expires_at`
overrides the expiry a message's kind gives it (an admin's `tracker outbox retry`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = "status IN ('pending', 'sent', 'failed', 'expired', 'unknown')"
OLD_STATES = "status IN ('pending', 'sent', 'failed')"


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch_op.drop_constraint(op.f("ck_outbox_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_outbox_status_known"), STATES)


def downgrade() -> None:
    op.execute("UPDATE outbox SET status = 'failed' WHERE status IN ('expired', 'unknown')")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_outbox_status_known"), OLD_STATES)
        batch_op.drop_column("expires_at")
