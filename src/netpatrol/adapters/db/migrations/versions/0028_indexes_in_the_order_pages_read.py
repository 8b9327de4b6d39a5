"""pages at a million: the queue's index in the order of its sort (ties included), an
index the queue's tabs count from, and one the cluster page reads its clues from

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-01 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUE_ORDER = ["severity_rank", "priority", "growth", "reach"]


def upgrade() -> None:
    op.drop_index("ix_clues_queue_order", table_name="clues")
    op.create_index(
        "ix_clues_queue_order",
        "clues",
        [sa.text(f"{name} DESC") for name in QUEUE_ORDER] + ["created_at", "id"],
    )
    op.create_index("ix_clues_tabs", "clues", ["status", "assignee", "unit_id"])
    op.create_index("ix_cluster_members_clues", "cluster_members", ["cluster_id", "clue_id"])


def downgrade() -> None:
    op.drop_index("ix_cluster_members_clues", table_name="cluster_members")
    op.drop_index("ix_clues_tabs", table_name="clues")
    op.drop_index("ix_clues_queue_order", table_name="clues")
    op.create_index("ix_clues_queue_order", "clues", QUEUE_ORDER)
