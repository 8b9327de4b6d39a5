"""Writers in several processes (the stream's workers, `patrol --jobs N` on PostgreSQL)
look for open clues by key: while one transaction that looked by a key is open, another
that looks by the same key waits, so the two never each open a clue for it."""

from __future__ import annotations

import threading

from netpatrol.bootstrap import Container
from tests.conftest import _empty_postgres, ready_container


def test_a_second_writer_waits_for_the_first_on_a_shared_key(postgres_url: str) -> None:
    _empty_postgres(postgres_url)
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
