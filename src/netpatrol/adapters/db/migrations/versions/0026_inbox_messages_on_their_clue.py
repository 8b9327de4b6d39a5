"""inbox messages found from their clue and from the warning they answer

Revision ID: 0026
Revises: 0019
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_inbox_clue", "inbox_messages", ["clue_id", "id"])
    op.create_index("ix_inbox_measure", "inbox_messages", ["measure_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_inbox_measure", table_name="inbox_messages")
    op.drop_index("ix_inbox_clue", table_name="inbox_messages")
