"""public reports and volunteers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "volunteers",
        sa.Column("id", ID, nullable=False),
        sa.Column("nickname", sa.String(length=64), nullable=False),
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("contact_sealed", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_volunteers_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteers")),
        sa.UniqueConstraint("key_sha256", name=op.f("uq_volunteers_key_sha256")),
    )
    op.create_table(
        "reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("receipt_sha256", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("contact_sealed", sa.Text(), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("clue_id", ID, nullable=True),
        sa.Column("volunteer_id", ID, nullable=True),
        sa.Column("screenshot_sha256", sa.String(length=64), nullable=False),
        sa.Column("screenshot_type", sa.String(length=32), nullable=False),
        sa.Column("folded", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_reports_clue_id_clues")),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteers.id"], name=op.f("fk_reports_volunteer_id_volunteers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("receipt_sha256", name=op.f("uq_reports_receipt_sha256")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_client_time", ["client_key", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_clue_id"), ["clue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_volunteer_id"), ["volunteer_id"], unique=False)
    with op.batch_alter_table("clues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("clues", schema=None) as batch_op:
        batch_op.drop_column("priority")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_reports_clue_id"))
        batch_op.drop_index("ix_reports_client_time")
    op.drop_table("reports")
    op.drop_table("volunteers")
