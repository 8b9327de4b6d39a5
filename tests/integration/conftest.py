"""The storage fixtures the contract tests share: each test runs on the in-memory twin,
on SQLite and on PostgreSQL, with the units loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netpatrol import data
from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.ports import UnitOfWork
from tests.conftest import database_url, ready_container

UNITS_LOADED = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def uow_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], UnitOfWork]]:
    if request.param == "memory":
        memory = MemoryUnitOfWork()
        units = units_from_data(data.load_json("units.json"))
        load_units(memory, units, "t", lambda: UNITS_LOADED)
        yield lambda: memory
        return
    with ready_container(database_url(request.param, request, tmp_path, migrated=True)) as built:
        yield built.uow


@pytest.fixture
def uow(uow_factory: Callable[[], UnitOfWork]) -> UnitOfWork:
    return uow_factory()
