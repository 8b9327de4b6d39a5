"""Schema upgrades through Alembic, callable from the CLI and the tests."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, ForeignKeyConstraint, UniqueConstraint

from netpatrol.adapters.db.partitions import LOCAL_KEYS, PARTITIONED, is_partition

SCRIPT_LOCATION = "netpatrol.adapters.db:migrations"
SEARCH_PREFIX = "search_"  # the dialect-specific search tables and indexes (migration 0021)


def include_object(
    item: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Schema comparisons leave out the search indexes (they are not in the metadata), the
    monthly partitions of PostgreSQL's partitioned tables (the parents are compared), and
    a partitioned table's unique constraints, which PostgreSQL makes hold the partition
    column too (migration 0030)."""
    if reflected and compare_to is None and (name or "").startswith(SEARCH_PREFIX):
        return False
    if type_ == "table" and reflected and is_partition(name or ""):
        return False
    if type_ == "foreign_key_constraint" and reflected and isinstance(item, ForeignKeyConstraint):
        return not is_partition(item.referred_table.name)  # PostgreSQL's copy per partition
    if type_ == "unique_constraint":
        if not reflected and compare_to is None and _kept_by_partitions(item):
            return False  # PostgreSQL: each partition of posts holds the key (0031)
        return not any(_holds_partition_column(c) for c in (item, compare_to))
    return True


def _kept_by_partitions(constraint: object) -> bool:
    if not isinstance(constraint, UniqueConstraint) or constraint.table is None:
        return False
    local = LOCAL_KEYS.get(constraint.table.name)
    return local is not None and tuple(c.name for c in constraint.columns) == local


def _holds_partition_column(constraint: object) -> bool:
    if not isinstance(constraint, UniqueConstraint) or constraint.table is None:
        return False
    column = PARTITIONED.get(constraint.table.name)
    return column is not None and column in constraint.columns


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Bring the schema to head: (revision before, revision after)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        after = MigrationContext.configure(connection).get_current_revision()
    return before, after


def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
