"""One contract for storage, run against the in-memory twin and the SQL adapter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netpatrol import data
from netpatrol.domain.audit import AuditEntry, check_chain, first_broken
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.services.accounts.units import units_from_data
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import Conflict, UnitOfWork
from tests.factories import make_posts

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def _posts(n: int):  # type: ignore[no-untyped-def]
    return [parse_post(row) for row in make_posts(n)]


def test_posts_round_trip_with_timezone_and_extra_fields(uow: UnitOfWork) -> None:
    [post] = _posts(1)
    post.extra = {"topic": "#测试#"}
    with uow:
        uow.posts.add_many([post])
        uow.commit()
    with uow:
        stored = uow.posts.get(post.id or 0)
    assert stored == post
    assert stored is not None and stored.created_at.utcoffset() == timedelta(0)


def test_the_same_post_cannot_be_stored_twice(uow: UnitOfWork) -> None:
    posts = _posts(3)
    with uow:
        uow.posts.add_many(posts)
        uow.commit()
    with uow:
        again = _posts(4)
        assert uow.posts.add_new(again + again[-1:]) == again[-1:]
        assert again[-1].id is not None
        with pytest.raises(Conflict):
            uow.posts.add_many(_posts(1))
    with uow:
        assert uow.posts.count() == 3


def test_uncommitted_work_is_rolled_back(uow: UnitOfWork) -> None:
    with uow:
        uow.posts.add_many(_posts(2))
    with uow:
        assert uow.posts.count() == 0


def test_the_queue_orders_by_severity_then_reach_then_age(uow: UnitOfWork) -> None:
    posts = _posts(4)
    with uow:
        uow.posts.add_many(posts)
        unit_id = uow.units.all()[0].id or 0
        specs = [
            (Severity.LOW, 900, 0),
            (Severity.HIGH, 5, 2),
            (Severity.HIGH, 50, 3),
            (Severity.HIGH, 5, 1),
        ]
        clues = [
            Clue(
                unit_id,
                Category.FRAUD,
                sev,
                p.id or 0,
                reach,
                SharingLevel.UNIT,
                NOW + timedelta(minutes=age),
                NOW,
            )
            for (sev, reach, age), p in zip(specs, posts, strict=True)
        ]
        uow.clues.add_many(clues)
        uow.commit()
    with uow:
        queue = uow.clues.queue(ClueQuery(status=ClueStatus.OPEN), 10, 0)
        assert [(c.severity, c.reach) for c in queue] == [
            (Severity.HIGH, 50),
            (Severity.HIGH, 5),
            (Severity.HIGH, 5),
            (Severity.LOW, 900),
        ]
        assert queue[1].created_at < queue[2].created_at
        assert uow.clues.queue(ClueQuery(unit_ids=[unit_id + 1]), 10, 0) == []


def test_audit_appends_form_one_verifiable_chain_across_transactions(uow: UnitOfWork) -> None:
    for batch in range(3):
        with uow:
            for i in range(4):
                uow.audit.append(AuditEntry("t", "x", "clue", f"{batch}-{i}", NOW, after={"i": i}))
            uow.commit()
    with uow:
        entries = uow.audit.entries()
        streamed = list(uow.audit.rows(5))
    assert len(entries) == 4 * 3 + 1  # and the units.loaded entry
    key: bytes = uow.audit.key  # type: ignore[attr-defined]
    assert first_broken(entries, key) is None
    assert all(len(e.hash) == 32 for e in entries)
    assert streamed == [e.row() for e in entries]  # read raw, as the verifier reads them
    assert check_chain(streamed, key, {}).checked == len(entries)
    assert [e.seq for e in entries] == sorted(e.seq or 0 for e in entries)


def test_units_upsert_is_idempotent(uow: UnitOfWork) -> None:
    units = units_from_data(data.load_json("units.json"))
    with uow:
        assert uow.units.upsert(units) == (0, 0)
        units[5].channel_accounts = {"weibo": "@新账号"}
        assert uow.units.upsert(units) == (0, 1)
        assert len(uow.units.all()) == 62


def test_indicators_are_stored_once_per_unit(uow: UnitOfWork) -> None:
    with uow:
        unit_id = uow.units.all()[0].id or 0
        known = KnownIndicator(
            "phone",
            "13812345678",
            Category.FRAUD,
            unit_id,
            SharingLevel.NATIONAL,
            NOW,
            "reported twice",
        )
        uow.indicators.add(known)
        with pytest.raises(Conflict):
            uow.indicators.add(
                KnownIndicator(
                    "phone", "13812345678", Category.FRAUD, unit_id, SharingLevel.UNIT, NOW
                )
            )
        uow.commit()
    with uow:
        [stored] = uow.indicators.all()
    assert (stored.kind, stored.value, stored.note) == ("phone", "13812345678", "reported twice")


def test_open_clues_are_found_by_their_keys(uow: UnitOfWork) -> None:
    posts = _posts(2)
    with uow:
        uow.posts.add_many(posts)
        unit_id = uow.units.all()[0].id or 0
        clues = [
            Clue(unit_id, Category.FRAUD, Severity.HIGH, p.id or 0, 1, SharingLevel.UNIT, NOW, NOW)
            for p in posts
        ]
        uow.clues.add_many(clues)
        uow.clues.add_keys(clues[0].id or 0, {"author:weibo:u1", "indicator:phone:138"})
        uow.clues.add_keys(clues[0].id or 0, {"author:weibo:u1"})
        uow.clues.add_keys(clues[1].id or 0, {"indicator:phone:138"})
        uow.commit()
    with uow:
        found = uow.clues.open_by_keys(["indicator:phone:138", "nothing"])
        assert [c.id for c in found] == [clues[0].id, clues[1].id]
        each = uow.clues.open_by_each_key(["indicator:phone:138", "author:weibo:u1", "nothing"])
        assert {k: [c.id for c in v] for k, v in each.items()} == {
            "indicator:phone:138": [clues[0].id, clues[1].id],
            "author:weibo:u1": [clues[0].id],
        }
        closed = uow.clues.get(clues[0].id or 0)
        assert closed is not None
        closed.move_to(ClueStatus.CLOSED, NOW)
        uow.clues.update(closed)
        uow.commit()
    with uow:
        assert [c.id for c in uow.clues.open_by_keys(["indicator:phone:138"])] == [clues[1].id]
        assert uow.clues.open_by_keys(["author:weibo:u1"]) == []
        assert uow.clues.open_by_each_key(["author:weibo:u1"]) == {}


def test_spread_speed_outranks_reach_within_a_severity(uow: UnitOfWork) -> None:
    posts = _posts(2)
    with uow:
        uow.posts.add_many(posts)
        unit_id = uow.units.all()[0].id or 0
        slow = Clue(
            unit_id,
            Category.FRAUD,
            Severity.HIGH,
            posts[0].id or 0,
            900,
            SharingLevel.UNIT,
            NOW,
            NOW,
            growth=10.0,
        )
        fast = Clue(
            unit_id,
            Category.FRAUD,
            Severity.HIGH,
            posts[1].id or 0,
            100,
            SharingLevel.UNIT,
            NOW,
            NOW,
            growth=100.0,
        )
        uow.clues.add_many([slow, fast])
        uow.commit()
    with uow:
        assert [c.id for c in uow.clues.queue(ClueQuery(), 10, 0)] == [fast.id, slow.id]
        assert uow.clues.get(fast.id or 0).growth == 100.0  # type: ignore[union-attr]
