"""audit chain keyed and checkpointed: hashes as 32 raw bytes, signed checkpoints, an index
on the subject of an entry

Existing hashes are re-encoded from hex to raw bytes, not recomputed: they were made by the
unkeyed SHA-256 recipe, and a legacy checkpoint (unsigned) records where that part of the
chain ends, so `netpatrol audit verify` checks it with the old recipe and every later entry
with the HMAC. Run `netpatrol audit checkpoint` after upgrading to sign the head.

Revision ID: 0014
Revises: 0012
Create Date: 2026-11-30 20:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PAGE = 5000


def _recode(to_raw: bool) -> None:
    """Copy prev_hash and hash into the new columns, hex <-> raw, a page at a time."""
    entries = sa.table(
        "audit_entries",
        sa.column("seq", ID),
        sa.column("prev_hash"),
        sa.column("hash"),
        sa.column("prev_new"),
        sa.column("hash_new"),
    )
    bind, after = op.get_bind(), 0
    while True:
        page = bind.execute(
            sa.select(entries.c.seq, entries.c.prev_hash, entries.c.hash)
            .where(entries.c.seq > after)
            .order_by(entries.c.seq)
            .limit(PAGE)
        ).all()
        if not page:
            return
        convert = bytes.fromhex if to_raw else bytes.hex
        bind.execute(
            entries.update()
            .where(entries.c.seq == sa.bindparam("s"))
            .values(prev_new=sa.bindparam("p"), hash_new=sa.bindparam("h")),
            [{"s": s, "p": convert(p), "h": convert(h)} for s, p, h in page],
        )
        after = page[-1][0]


def _swap(new_type: sa.types.TypeEngine[Any]) -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_entries_prev_hash"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_audit_entries_hash"), type_="unique")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("hash")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.alter_column(
            "prev_new", new_column_name="prev_hash", existing_type=new_type, nullable=False
        )
        batch_op.alter_column(
            "hash_new", new_column_name="hash", existing_type=new_type, nullable=False
        )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_audit_entries_hash"), ["hash"])
        batch_op.create_unique_constraint(batch_op.f("uq_audit_entries_prev_hash"), ["prev_hash"])


def upgrade() -> None:
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", ID, nullable=False),
        sa.Column("seq", ID, nullable=False),
        sa.Column("head", sa.LargeBinary(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.LargeBinary(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_checkpoints_seq")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_new", sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column("hash_new", sa.LargeBinary(length=32), nullable=True))
    _recode(to_raw=True)
    _swap(sa.LargeBinary(length=32))
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_entries_subject", ["subject_type", "subject_id", "seq"], unique=False
        )
    bind = op.get_bind()
    last = bind.execute(
        sa.text("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1")
    ).first()
    if last is not None:
        checkpoints = sa.table(
            "audit_checkpoints",
            sa.column("seq", ID),
            sa.column("head", sa.LargeBinary()),
            sa.column("at", sa.DateTime(timezone=True)),
            sa.column("signature", sa.LargeBinary()),
            sa.column("key_id", sa.String()),
        )
        at = datetime.now(UTC)
        bind.execute(
            checkpoints.insert().values(
                seq=last[0],
                head=last[1],
                at=at if bind.dialect.name == "postgresql" else at.replace(tzinfo=None),
                signature=b"",
                key_id="legacy",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_subject")
        batch_op.add_column(sa.Column("prev_new", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash_new", sa.String(length=64), nullable=True))
    _recode(to_raw=False)
    _swap(sa.String(length=64))
    op.drop_table("audit_checkpoints")
