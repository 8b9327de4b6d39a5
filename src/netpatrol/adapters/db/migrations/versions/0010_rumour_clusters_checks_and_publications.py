"""rumour clusters, checks and publications

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 15:48:41.286941
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spread_clusters",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("sharing_level", sa.String(length=16), nullable=False),
        sa.Column(
            "first_post_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("variants", sa.Integer(), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("growth", sa.Float(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("debunked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_post_id"], ["posts.id"], name=op.f("fk_spread_clusters_first_post_id_posts")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_spread_clusters_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spread_clusters")),
    )
    with op.batch_alter_table("spread_clusters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spread_clusters_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index("ix_spread_clusters_watch", ["status", "growth"], unique=False)
    op.create_table(
        "cluster_members",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "cluster_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("post_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("clue_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["clue_id"], ["clues.id"], name=op.f("fk_cluster_members_clue_id_clues")
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["spread_clusters.id"],
            name=op.f("fk_cluster_members_cluster_id_spread_clusters"),
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_cluster_members_post_id_posts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_members")),
        sa.UniqueConstraint("post_id", name=op.f("uq_cluster_members_post_id")),
    )
    with op.batch_alter_table("cluster_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cluster_members_clue_id"), ["clue_id"], unique=False)
        batch_op.create_index(
            "ix_cluster_members_series", ["cluster_id", "posted_at"], unique=False
        )
    op.create_table(
        "cluster_bands",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["cluster_members.id"],
            name=op.f("fk_cluster_bands_member_id_cluster_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_bands")),
        sa.UniqueConstraint("member_id", "band", name=op.f("uq_cluster_bands_member_id_band")),
    )
    with op.batch_alter_table("cluster_bands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cluster_bands_key"), ["key"], unique=False)

    op.create_table(
        "rumour_checks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "cluster_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=64), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["spread_clusters.id"],
            name=op.f("fk_rumour_checks_cluster_id_spread_clusters"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_rumour_checks_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rumour_checks")),
    )
    with op.batch_alter_table("rumour_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rumour_checks_cluster_id"), ["cluster_id"], unique=False
        )
    op.create_table(
        "publications",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=True),
        sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "cluster_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("check_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "source_clue_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"], ["rumour_checks.id"], name=op.f("fk_publications_check_id_rumour_checks")
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["spread_clusters.id"],
            name=op.f("fk_publications_cluster_id_spread_clusters"),
        ),
        sa.ForeignKeyConstraint(
            ["source_clue_id"], ["clues.id"], name=op.f("fk_publications_source_clue_id_clues")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_publications_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publications_cluster_id"), ["cluster_id"], unique=False
        )
        batch_op.create_index(
            "ix_publications_public", ["status", "kind", "published_at"], unique=False
        )
    op.create_table(
        "publication_indicators",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "publication_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=256), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_indicators_publication_id_publications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_indicators")),
        sa.UniqueConstraint(
            "publication_id",
            "kind",
            "value",
            name=op.f("uq_publication_indicators_publication_id_kind_value"),
        ),
    )
    with op.batch_alter_table("publication_indicators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publication_indicators_publication_id"), ["publication_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_publication_indicators_value"), ["value"], unique=False
        )
    op.create_table(
        "publication_targets",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "publication_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reach", sa.Integer(), nullable=True),
        sa.Column("live", sa.Boolean(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_targets_publication_id_publications"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_publication_targets_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_targets")),
        sa.UniqueConstraint(
            "publication_id",
            "unit_id",
            "platform",
            name=op.f("uq_publication_targets_publication_id_unit_id_platform"),
        ),
    )
    with op.batch_alter_table("publication_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publication_targets_publication_id"), ["publication_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("publication_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_targets_publication_id"))
    op.drop_table("publication_targets")
    with op.batch_alter_table("publication_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_indicators_value"))
        batch_op.drop_index(batch_op.f("ix_publication_indicators_publication_id"))
    op.drop_table("publication_indicators")
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index("ix_publications_public")
        batch_op.drop_index(batch_op.f("ix_publications_cluster_id"))
    op.drop_table("publications")
    with op.batch_alter_table("rumour_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rumour_checks_cluster_id"))
    op.drop_table("rumour_checks")
    with op.batch_alter_table("cluster_members", schema=None) as batch_op:
        batch_op.drop_index("ix_cluster_members_series")
        batch_op.drop_index(batch_op.f("ix_cluster_members_clue_id"))
    with op.batch_alter_table("cluster_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_bands_key"))

    op.drop_table("cluster_bands")
    op.drop_table("cluster_members")
    with op.batch_alter_table("spread_clusters", schema=None) as batch_op:
        batch_op.drop_index("ix_spread_clusters_watch")
        batch_op.drop_index(batch_op.f("ix_spread_clusters_unit_id"))
    op.drop_table("spread_clusters")
