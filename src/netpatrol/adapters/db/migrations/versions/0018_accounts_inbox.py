"""the accounts' inbox: messages to the units' accounts, threads, state and links

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inbox_messages",
        sa.Column("id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("sender_name", sa.String(length=128), nullable=False),
        sa.Column("thread", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("in_reply_to", sa.String(length=128), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=False),
        sa.Column("clue_id", ID, nullable=True),
        sa.Column("report_id", ID, nullable=True),
        sa.Column("measure_id", ID, nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("handled_by", sa.String(length=64), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_inbox_messages_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["clue_id"], ["clues.id"], name=op.f("fk_inbox_messages_clue_id_clues")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_inbox_messages_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_inbox_messages_measure_id_measures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
        sa.UniqueConstraint(
            "platform",
            "direction",
            "external_id",
            name=op.f("uq_inbox_messages_platform_direction_external_id"),
        ),
    )
    op.create_index(
        "ix_inbox_unit_page", "inbox_messages", ["unit_id", "direction", "status", "id"]
    )
    op.create_index(
        "ix_inbox_account_page", "inbox_messages", ["account", "direction", "status", "id"]
    )
    op.create_index("ix_inbox_all_page", "inbox_messages", ["direction", "status", "id"])
    op.create_index("ix_inbox_thread", "inbox_messages", ["thread", "id"])
    op.create_index("ix_inbox_latest", "inbox_messages", ["platform", "direction", "received_at"])


def downgrade() -> None:
    op.drop_table("inbox_messages")
