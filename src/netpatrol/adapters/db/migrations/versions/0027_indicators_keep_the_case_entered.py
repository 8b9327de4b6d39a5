"""indicators keep a short link's or crypto address's case as entered

Revision ID: 0027
Revises: 0024
Create Date: 2026-12-01 04:10:00

Entries stored before this revision were folded to lower case and keep an empty
`shown_as`: the public lookup matches them in any case, as before, until they are
entered again (edit or re-import) with their case.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ALTER on both databases: SQLite's batch mode would rebuild the table and drop
    # the search triggers migration 0021 put on it
    op.add_column(
        "indicators",
        sa.Column("shown_as", sa.String(length=256), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE indicators DROP COLUMN shown_as")
