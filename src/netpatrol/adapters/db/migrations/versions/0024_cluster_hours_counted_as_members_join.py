"""a cluster's posts counted by the hour as they join, filled from the members stored;
a cluster's wordings found by their hash

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "cluster_hours",
        sa.Column("cluster_id", ID, nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("variants", sa.Integer(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["spread_clusters.id"],
            name=op.f("fk_cluster_hours_cluster_id_spread_clusters"),
        ),
        sa.PrimaryKeyConstraint("cluster_id", "hour", name=op.f("pk_cluster_hours")),
    )
    op.create_index("ix_cluster_members_wording", "cluster_members", ["cluster_id", "text_sha256"])
    if op.get_bind().dialect.name == "postgresql":
        hour = "date_trunc('hour', posted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
    else:  # the text SQLAlchemy writes for a datetime on SQLite
        hour = "strftime('%Y-%m-%d %H:00:00.000000', posted_at)"
    op.execute(
        "INSERT INTO cluster_hours (cluster_id, hour, posts, copies, variants, reach) "
        f"SELECT cluster_id, {hour}, count(*), "
        "sum(CASE WHEN kind = 'copy' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN kind = 'variant' THEN 1 ELSE 0 END), sum(reach) "
        f"FROM cluster_members GROUP BY cluster_id, {hour}"
    )


def downgrade() -> None:
    op.drop_table("cluster_hours")
    op.drop_index("ix_cluster_members_wording", table_name="cluster_members")
