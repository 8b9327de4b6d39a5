"""indexes for pages at scale: the queue in its sort's order, a clue's latest findings

Revision ID: 0016
Revises: 0012
Create Date: 2026-11-30 20:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_clues_queue_order", "clues", ["severity_rank", "priority", "growth", "reach"]
    )
    op.create_index("ix_findings_clue_page", "findings", ["clue_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_findings_clue_page", table_name="findings")
    op.drop_index("ix_clues_queue_order", table_name="clues")
