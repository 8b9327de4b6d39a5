"""posts lose their index on the author's id: no query reads posts by it (an author's
earlier clues are found by the clues' `author:` keys, a search by author through the search
index), and at a million posts, with ids in no order, its inserts were half of the pages a
batch of 500 posts wrote (463 of 1,060 at 300,000 posts)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-01 15:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_posts_author_id", table_name="posts")


def downgrade() -> None:
    op.create_index("ix_posts_author_id", "posts", ["author_id"])
