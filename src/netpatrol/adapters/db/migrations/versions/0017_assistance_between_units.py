"""assistance between units, clue participants and clue notes

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    t = "assistance_requests"
    op.create_table(
        t,
        sa.Column("id", ID, nullable=False),
        sa.Column("clue_id", ID, nullable=False),
        sa.Column("from_unit_id", ID, nullable=False),
        sa.Column("to_unit_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deadline", WHEN, nullable=False),
        sa.Column("sharing_level", sa.String(length=16), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("first_answer_at", WHEN, nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.Column("escalated_at", WHEN, nullable=True),
        sa.Column("unread_by_asker", sa.Boolean(), nullable=False),
        sa.Column("unread_by_asked", sa.Boolean(), nullable=False),
        _fk(t, "clue_id", "clues"),
        _fk(t, "from_unit_id", "units"),
        _fk(t, "to_unit_id", "units"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f("ix_assistance_requests_clue_id"), t, ["clue_id"])
    op.create_index("ix_assistance_requests_to", t, ["to_unit_id", "id"])
    op.create_index("ix_assistance_requests_from", t, ["from_unit_id", "id"])
    op.create_index("ix_assistance_requests_due", t, ["status", "deadline"])
    t = "assistance_answers"
    op.create_table(
        t,
        sa.Column("id", ID, nullable=False),
        sa.Column("request_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        _fk(t, "request_id", "assistance_requests"),
        _fk(t, "unit_id", "units"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index("ix_assistance_answers_thread", t, ["request_id", "id"])
    t = "clue_participants"
    op.create_table(
        t,
        sa.Column("id", ID, nullable=False),
        sa.Column("clue_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("since", WHEN, nullable=False),
        _fk(t, "clue_id", "clues"),
        _fk(t, "unit_id", "units"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint(
            "clue_id", "unit_id", name=op.f("uq_clue_participants_clue_id_unit_id")
        ),
    )
    op.create_index(op.f("ix_clue_participants_unit_id"), t, ["unit_id"])
    t = "clue_notes"
    op.create_table(
        t,
        sa.Column("id", ID, nullable=False),
        sa.Column("clue_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        _fk(t, "clue_id", "clues"),
        _fk(t, "unit_id", "units"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index("ix_clue_notes_thread", t, ["clue_id", "id"])


def downgrade() -> None:
    op.drop_table("clue_notes")
    op.drop_table("clue_participants")
    op.drop_table("assistance_answers")
    op.drop_table("assistance_requests")
