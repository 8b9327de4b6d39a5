"""pages at a million: the queue's index in the order of its sort (ties included), one
per tab (status and assignee, then that order) that the tabs are read and counted from,
and one the cluster page reads its clues from

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
    in_order = [sa.text(f"{name} DESC") for name in QUEUE_ORDER] + ["created_at", "id"]
    op.drop_index("ix_clues_queue_order", table_name="clues")
    op.create_index("ix_clues_queue_order", "clues", in_order)
    op.create_index("ix_clues_tabs", "clues", ["status", "assignee", *in_order])
    op.create_index("ix_cluster_members_clues", "cluster_members", ["cluster_id", "clue_id"])
    # SQLite's planner takes an index it has no statistics for as the most selective one:
    # on a database analysed before, it would read a cluster's members through the new
    # index and sort them all, instead of reading the newest off ix_cluster_members_series
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit=1000")  # sample each index, do not read it whole
    op.execute("ANALYZE clues")
    op.execute("ANALYZE cluster_members")


def downgrade() -> None:
    op.drop_index("ix_cluster_members_clues", table_name="cluster_members")
    op.drop_index("ix_clues_tabs", table_name="clues")
    op.drop_index("ix_clues_queue_order", table_name="clues")
    op.create_index("ix_clues_queue_order", "clues", QUEUE_ORDER)
