"""legal bases name the measure kinds they fit

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A unit's edit made before entries named their measures keeps working for every measure
# that cites a law; its legal office narrows it by editing the entry again.
CITING_KINDS = '["warning", "takedown", "case", "referral"]'


def upgrade() -> None:
    with op.batch_alter_table("legal_overrides", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("measures", sa.JSON(), nullable=False, server_default=CITING_KINDS)
        )


def downgrade() -> None:
    with op.batch_alter_table("legal_overrides", schema=None) as batch_op:
        batch_op.drop_column("measures")
