"""nonces of signed calls from platforms, kept for the replay window

Revision ID: 0022
Revises: 0026
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spent_nonces",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "nonce", name=op.f("pk_spent_nonces")),
    )
    op.create_index(op.f("ix_spent_nonces_seen_at"), "spent_nonces", ["seen_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_spent_nonces_seen_at"), table_name="spent_nonces")
    op.drop_table("spent_nonces")
