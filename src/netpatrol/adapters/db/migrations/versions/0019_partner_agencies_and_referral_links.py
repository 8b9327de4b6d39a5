"""partner agencies' directory edits and referral links

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "agency_edits",
        sa.Column("id", ID, nullable=False),
        sa.Column("code", sa.String(length=48), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("province", sa.String(length=16), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_edits")),
        sa.UniqueConstraint("code", name=op.f("uq_agency_edits_code")),
    )
    op.create_index(op.f("ix_agency_edits_province"), "agency_edits", ["province"])
    op.create_table(
        "referral_tokens",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("measure_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_referral_tokens_measure_id_measures")
        ),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_referral_tokens")),
    )
    op.create_index(op.f("ix_referral_tokens_measure_id"), "referral_tokens", ["measure_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_tokens_measure_id"), table_name="referral_tokens")
    op.drop_table("referral_tokens")
    op.drop_index(op.f("ix_agency_edits_province"), table_name="agency_edits")
    op.drop_table("agency_edits")
