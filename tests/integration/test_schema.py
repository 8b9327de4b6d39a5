"""Migrations create exactly the tables the code declares, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from netpatrol.adapters.db import migrate
from netpatrol.adapters.db.tables.base import Base
from netpatrol.bootstrap import Container


def test_migrations_match_the_declared_schema(container: Container) -> None:
    with container.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": migrate.include_object}
        )
        assert compare_metadata(context, Base.metadata) == []
    assert migrate.current_revision(container.engine) == migrate.head_revision()


def test_upgrading_twice_changes_nothing(container: Container) -> None:
    head = migrate.head_revision()
    assert migrate.upgrade(container.engine) == (head, head)
