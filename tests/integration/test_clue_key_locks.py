"""Writers in several processes (the stream's workers, `patrol --jobs N` on PostgreSQL)
look for open clues by key: while one transaction that looked by a key is open, another
that looks by the same key waits, so the two never each open a clue for it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import event

from netpatrol.bootstrap import Container
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.services.patrol.post_input import parse_post
from tests.conftest import _recreate_postgres, ready_container
from tests.factories import make_posts

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_a_second_writer_waits_for_the_first_on_a_shared_key(postgres_url: str) -> None:
    _recreate_postgres(postgres_url)
    built: Container
    with ready_container(postgres_url) as built:
        seen: list[list[str]] = []

        def second(keys: list[str]) -> None:
            with built.uow() as uow:
                seen.append(sorted(uow.clues.open_by_each_key(keys)))

        with built.uow() as first:
            first.clues.open_by_each_key(["author:weibo:a", "indicator:phone:1"])
            waiting = threading.Thread(target=second, args=(["indicator:phone:1"],))
            apart = threading.Thread(target=second, args=(["author:weibo:b"],))
            waiting.start()
            apart.start()
            apart.join(timeout=10)
            waiting.join(timeout=0.5)
            assert not apart.is_alive() and waiting.is_alive()  # only the shared key waits
            first.commit()
        waiting.join(timeout=10)
        assert not waiting.is_alive() and seen == [[], []]


def test_looking_by_keys_finds_no_clue_where_none_is_open(container: Container) -> None:
    with container.uow() as uow:
        assert uow.clues.open_by_each_key(["author:weibo:a"]) == {}
        assert uow.clues.open_by_keys(["author:weibo:a"]) == []


def test_open_clues_are_found_by_key_not_by_reading_every_open_clue(
    container: Container,
) -> None:
    """Each statement of the look-up is answered by an index (the keys', then the clues'
    primary key), so its cost does not grow with the open clues; on SQLite the plan is
    read with EXPLAIN QUERY PLAN, without statistics (no ANALYZE ran)."""
    if container.engine.dialect.name != "sqlite":
        return  # PostgreSQL plans by its statistics, which ANALYZE keeps (see test_patrol_load)
    with container.uow() as uow:
        unit_id = uow.units.all()[0].id or 0
        posts = [parse_post(p) for p in make_posts(30)]
        uow.posts.add_many(posts)
        clues = [
            Clue(unit_id, Category.FRAUD, Severity.LOW, p.id or 0, 1, SharingLevel.UNIT, NOW, NOW)
            for p in posts
        ]
        uow.clues.add_many(clues)
        uow.clues.add_keys_many(
            {c.id or 0: [f"author:weibo:{n}", "indicator:phone:1"] for n, c in enumerate(clues)}
        )
        uow.commit()
    asked: list[tuple[str, object]] = []
    event.listen(
        container.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, params, *_: asked.append((sql, params)),
    )
    with container.uow() as uow:
        # a dozen keys: with more than a few, a planner without statistics preferred to read
        # every open clue through the index that leads with status
        asking = ["author:weibo:3", "indicator:phone:1", *(f"none:{n}" for n in range(10))]
        found = uow.clues.open_by_each_key(asking)
    assert len(found["indicator:phone:1"]) == 30 and len(found["author:weibo:3"]) == 1
    assert not [key for key in found if key.startswith("none")]
    reads = [(sql, params) for sql, params in asked if sql.lstrip().startswith("SELECT")]
    assert len(reads) == 2
    with container.engine.connect() as conn:
        for sql, params in reads:
            plan = " ".join(
                row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            assert "SCAN" not in plan and "status=" not in plan, plan
