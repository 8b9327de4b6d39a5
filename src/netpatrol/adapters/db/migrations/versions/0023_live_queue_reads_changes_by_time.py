"""live queue: an index on the time a clue last changed, which the console's live feed
reads every few seconds for changes since its cursor

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_clues_updated_at", "clues", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_clues_updated_at", table_name="clues")
