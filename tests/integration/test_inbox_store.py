"""One contract for inbox storage: the SQL repository (SQLite and PostgreSQL) and its
in-memory twin page, dedupe and thread the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.domain.inbox import (
    Cursor,
    Direction,
    InboxMessage,
    InboxQuery,
    InboxStatus,
    MessageKind,
)
from netpatrol.services.ports import UnitOfWork
from tests.conftest import database_url, ready_container

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql", "memory"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Callable[[], UnitOfWork], int]]:
    """A unit of work factory and a unit id to file messages under."""
    if request.param == "memory":
        memory = MemoryUnitOfWork()
        yield (lambda: memory), 1
        return
    with ready_container(database_url(request.param, request, tmp_path, migrated=True)) as built:
        with built.uow() as uow:
            unit_id = uow.units.all()[1].id or 0
        yield built.uow, unit_id


def make(unit_id: int, n: int, sender: str = "n1", **extra: object) -> InboxMessage:
    values: dict[str, object] = {
        "unit_id": unit_id,
        "platform": "weibo",
        "account": "@acc",
        "kind": MessageKind.PRIVATE,
        "external_id": f"x{n}",
        "sender_id": sender,
        "sender_name": sender,
        "text": f"消息{n}",
        "received_at": AT + timedelta(minutes=n),
    }
    return InboxMessage(**(values | extra))  # type: ignore[arg-type]


def test_dedupe_page_thread_and_latest(store: tuple[Callable[[], UnitOfWork], int]) -> None:
    factory, unit = store
    with factory() as uow:
        fresh = uow.inbox.add_new([make(unit, n, sender=f"n{n % 2}") for n in range(7)])
        again = uow.inbox.add_new([make(unit, 1), make(unit, 7)])
        handled = fresh[5]
        handled.status = InboxStatus.HANDLED
        uow.inbox.update(handled)
        uow.inbox.add(
            make(
                unit, 100, external_id="out-1", direction=Direction.OUT, status=InboxStatus.HANDLED
            )
        )
        uow.commit()
    assert len(fresh) == 7 and [m.external_id for m in again] == ["x7"]
    with factory() as uow:
        pages, after = [], None
        while True:
            page = uow.inbox.page(InboxQuery(frozenset({unit}), after=after, limit=3))
            pages.append([m.external_id for m in page.messages])
            if not page.next_after:
                break
            after = Cursor.parse(page.next_after)
        thread = uow.inbox.thread(fresh[1].thread, 10)
        latest = uow.inbox.latest("weibo")
        others = uow.inbox.page(InboxQuery(frozenset({unit + 1000})))
        unread = uow.inbox.page(InboxQuery(None, status=InboxStatus.UNREAD, limit=50))
    assert pages == [["x7", "x6", "x4"], ["x3", "x2", "x1"], ["x0", "x5"]]
    assert [m.external_id for m in thread] == ["x1", "x3", "x5", "x7", "out-1"]
    assert latest == AT + timedelta(minutes=7)  # answers are not what came in
    assert others.messages == [] and len(unread.messages) == 7
