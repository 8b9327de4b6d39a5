"""Database fixtures: each integration test runs on SQLite and on PostgreSQL.

PostgreSQL tests create their own database and drop it afterwards. Without a server they
are skipped (and say so), unless NETPATROL_REQUIRE_SERVICES=1, which makes them fail.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from netpatrol import data
from netpatrol.adapters.db import migrate
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
    yield _pg_url(name)
    _drop_postgres(name)


def _drop_postgres(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_url(name: str) -> str:
    admin = psycopg.conninfo.conninfo_to_dict(PG_ADMIN)
    host, port = admin.get("host", "127.0.0.1"), admin.get("port", "5432")
    user = admin.get("user", "postgres")
    return f"postgresql+psycopg://{user}@{host}:{port}/{name}"


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> Iterator[str]:
    """A database migrated to head once a run: each test that needs a migrated database
    gets a copy (CREATE DATABASE ... TEMPLATE), a fifth of the time of migrating one."""
    name = postgres_url.rsplit("/", 1)[1] + "_template"
    _recreate_postgres(_pg_url(name))
    _migrate(_pg_url(name))
    yield name
    _drop_postgres(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once a run, copied for each test that needs one."""
    path = tmp_path_factory.mktemp("template") / "netpatrol.db"
    _migrate(f"sqlite:///{path}")
    return path


def _migrate(url: str) -> None:
    built = bootstrap(Settings(database_url=url))
    try:
        migrate.upgrade(built.engine)
    finally:
        built.dispose()


def database_url(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path, migrated: bool = False
) -> str:
    """A fresh database of the given kind ('sqlite' or 'postgresql'): empty, or `migrated`
    to head with nothing in it (a copy of the run's template)."""
    if kind == "sqlite":
        path = tmp_path / "netpatrol.db"
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    template = request.getfixturevalue("postgres_template") if migrated else None
    _recreate_postgres(url, template)
    return url


def _recreate_postgres(url: str, template: str | None = None) -> None:
    """Drop the database (ending any connection a test left open) and create it again,
    empty, so each test starts as on SQLite, or as a copy of `template`."""
    name = url.rsplit("/", 1)[1]
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"{copy}')


@contextmanager
def ready_container(url: str) -> Iterator[Container]:
    """A container on a migrated database with the units loaded (a database copied from a
    template is at head already: the upgrade finds nothing to do)."""
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


@pytest.fixture(params=["sqlite", "postgresql"])
def container(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    with ready_container(database_url(request.param, request, tmp_path, migrated=True)) as built:
        yield built
