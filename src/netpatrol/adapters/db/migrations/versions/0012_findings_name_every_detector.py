"""findings name every detector behind them: detector and version lists grow past 64

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        for column in ("detector", "detector_version"):
            batch_op.alter_column(
                column, existing_type=sa.String(length=64), type_=sa.String(length=255)
            )


def downgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        for column in ("detector", "detector_version"):
            batch_op.alter_column(
                column, existing_type=sa.String(length=255), type_=sa.String(length=64)
            )
