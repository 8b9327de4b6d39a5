"""clue keys for merging, claim time and service-level due time

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:55:13.800029
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clue_keys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("clue_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_clue_keys_clue_id_clues")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clue_keys")),
        sa.UniqueConstraint("clue_id", "key", name=op.f("uq_clue_keys_clue_id_key")),
    )
    with op.batch_alter_table("clue_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clue_keys_key"), ["key"], unique=False)

    with op.batch_alter_table("clues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clues", schema=None) as batch_op:
        batch_op.drop_column("due_at")
        batch_op.drop_column("claimed_at")

    with op.batch_alter_table("clue_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clue_keys_key"))

    op.drop_table("clue_keys")
