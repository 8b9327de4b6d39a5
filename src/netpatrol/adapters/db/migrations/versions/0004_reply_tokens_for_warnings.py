"""reply tokens for warnings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 14:14:26.855696
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reply_tokens",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "measure_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_reply_tokens_measure_id_measures")
        ),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_reply_tokens")),
    )
    with op.batch_alter_table("reply_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reply_tokens_measure_id"), ["measure_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reply_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reply_tokens_measure_id"))

    op.drop_table("reply_tokens")
