"""Database fixtures: each integration test runs on SQLite and on PostgreSQL.

PostgreSQL tests create their own database and drop it afterwards. Without a server they
are skipped (and say so), unless NETPATROL_REQUIRE_SERVICES=1, which makes them fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.adapters.db.tables.base import Base
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.services.accounts.units import load_units, units_from_data

# what the engine derives from its data (unpacked weights, pinyin tables) is kept in the
# checkout's pytest cache, not the user's, and shared by every run and every subprocess
os.environ.setdefault(
    "NETPATROL_CACHE_DIR", str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "netpatrol")
)

PG_ADMIN = os.environ.get("NETPATROL_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_SERVICES = os.environ.get("NETPATROL_REQUIRE_SERVICES") == "1"


def _pg_unavailable(reason: str) -> None:
    message = f"PostgreSQL not reachable at {PG_ADMIN}: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (NETPATROL_REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"netpatrol_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        _pg_unavailable(str(exc).strip())
    admin = psycopg.conninfo.conninfo_to_dict(PG_ADMIN)
    host, port = admin.get("host", "127.0.0.1"), admin.get("port", "5432")
    user = admin.get("user", "postgres")
    yield f"postgresql+psycopg://{user}@{host}:{port}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of the given kind ('sqlite' or 'postgresql')."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'netpatrol.db'}"
    url: str = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    return url


def _empty_postgres(url: str) -> None:
    """Drop everything so each test starts from an empty database, as on SQLite."""
    container = bootstrap(Settings(database_url=url))
    with container.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    container.dispose()


@contextmanager
def ready_container(url: str) -> Iterator[Container]:
    """A container on a migrated database with the units loaded."""
    built = bootstrap(Settings(database_url=url))
    migrate.upgrade(built.engine)
    load_units(built.uow(), units_from_data(data.load_json("units.json")), "test", built.clock)
    try:
        yield built
    finally:
        built.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url(request.param, request, tmp_path)


@pytest.fixture
def container(db_url: str) -> Iterator[Container]:
    with ready_container(db_url) as built:
        yield built
