"""indicator governance: provenance, review by a second person, expiry, false-positive reports

Indicators stored before review existed were added by units on their own authority and are
matched and looked up today: they stay confirmed, with a term from the shipped policy
starting now, so the patrol and the public lookup keep finding them.

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-01 00:00:00
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from importlib import resources

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _expiry_days() -> tuple[dict[str, int], int]:
    text = resources.files("netpatrol.data").joinpath("policy.json").read_text("utf-8")
    raw = json.loads(text).get("indicators", {})
    return dict(raw.get("expiry_days", {})), int(raw.get("default_expiry_days", 90))


def upgrade() -> None:
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review", sa.String(length=16), nullable=False, server_default="confirmed")
        )
        batch_op.add_column(
            sa.Column("proposer", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("reviewer", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("source_clue_id", ID, nullable=True))
        batch_op.add_column(sa.Column("source_report_id", ID, nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_indicators_source_clue_id_clues"), "clues", ["source_clue_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_indicators_source_report_id_reports"),
            "reports",
            ["source_report_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_indicators_review"), ["review"], unique=False)
    indicators = sa.table(
        "indicators",
        sa.column("id", ID),
        sa.column("kind", sa.String()),
        sa.column("proposer", sa.String()),
        sa.column("reviewer", sa.String()),
        sa.column("expires_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    days, default = _expiry_days()
    now = datetime.now(UTC)
    bind = op.get_bind()
    for kind in [k for (k,) in bind.execute(sa.select(indicators.c.kind).distinct())]:
        bind.execute(
            indicators.update()
            .where(indicators.c.kind == kind)
            .values(
                proposer="(before review)",
                reviewer="(before review)",
                expires_at=now + timedelta(days=int(days.get(kind, default))),
                updated_at=now,
            )
        )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.alter_column("review", server_default=None)
        batch_op.alter_column("proposer", server_default=None)
    op.create_table(
        "indicator_reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("indicator_id", ID, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reporter", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_reports_indicator_id_indicators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_reports")),
    )
    op.create_index(
        "ix_indicator_reports_open", "indicator_reports", ["indicator_id", "resolved_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_indicator_reports_open", table_name="indicator_reports")
    op.drop_table("indicator_reports")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicators_review"))
        batch_op.drop_constraint(
            batch_op.f("fk_indicators_source_report_id_reports"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_indicators_source_clue_id_clues"), type_="foreignkey"
        )
        for column in (
            "updated_at",
            "expires_at",
            "source_report_id",
            "source_clue_id",
            "reviewer",
            "proposer",
            "review",
        ):
            batch_op.drop_column(column)
