"""Posts partitioned by month on PostgreSQL (migration 0031): a post's id carries the month
of its platform time, so it lands in that month's partition while clues and findings keep
referring to it by id; each partition holds (platform, external_id) unique on its own, and
a post stored twice, in one batch or two, is stored once. Posts of months before the first
made stay in `posts_before`, posts of months not made yet in the default partition, where
they stay (rows others refer to never move)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import func, select, text

from netpatrol.adapters.db import migrate, partitions
from netpatrol.adapters.db.tables.core import ClueRow, FindingRow, PostRow
from netpatrol.bootstrap import Container
from netpatrol.domain.posts import Post
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import read_jsonl
from tests.conftest import database_url, ready_container

FRAUD = "刷单兼职日结，垫付一单返佣金，加微信 wx8876 带你赚"


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    with ready_container(database_url("postgresql", request, tmp_path, migrated=True)) as built:
        yield built


def _posts(*items: tuple[str, datetime]) -> list[Post]:
    lines = [
        json.dumps(
            {
                "platform": "weibo",
                "id": external_id,
                "author": {"id": "a1", "name": "网友"},
                "text": FRAUD,
                "created_at": at.isoformat(),
            },
            ensure_ascii=False,
        )
        for external_id, at in items
    ]
    return [p for _, p in read_jsonl(lines) if isinstance(p, Post)]


def _store(container: Container, *items: tuple[str, datetime]) -> int:
    """Patrol the posts; how many were stored new."""
    done = patrol_batch(
        container.uow(), _posts(*items), container.detection(), container.triage, container.clock
    )
    return len(done.stored)


def _keys(conn: sa.Connection) -> list[tuple[int, str]]:
    return sorted(
        (int(i), str(e)) for i, e in conn.execute(select(PostRow.id, PostRow.external_id))
    )


def _home(conn: sa.Connection, external_id: str) -> tuple[int, str]:
    row = conn.execute(
        text("SELECT id, tableoid::regclass::text FROM posts WHERE external_id = :e"),
        {"e": external_id},
    ).one()
    return int(row[0]), str(row[1])


def test_a_post_lands_in_its_month_and_is_stored_once(pg: Container) -> None:
    now = datetime.now(UTC)
    month = partitions.first_of(now)
    old = datetime(2019, 5, 2, 8, 0, tzinfo=UTC)
    assert _store(pg, ("p-now", now), ("p-now", now), ("p-old", old)) == 2
    assert _store(pg, ("p-now", now), ("p-old", old)) == 0  # another batch: seen before
    with pg.engine.connect() as conn:
        post_id, where = _home(conn, "p-now")
        assert where == partitions.month_name("posts", month)
        assert post_id >> partitions.MONTH_BITS == partitions.month_number(month)
        assert partitions.month_of_number(post_id >> partitions.MONTH_BITS) == month
        assert _home(conn, "p-old")[1] == "posts_before"  # before the first month made
        assert conn.scalar(select(func.count()).select_from(PostRow)) == 2
        clue_posts = set(conn.scalars(select(ClueRow.post_id)))
        assert post_id in clue_posts  # the clue refers to the post by its id
        assert conn.scalar(select(func.count()).where(FindingRow.post_id == post_id)) == 1
    with pytest.raises(sa.exc.IntegrityError), pg.engine.begin() as conn:
        conn.execute(  # the foreign keys still hold against the partitioned table
            text("UPDATE findings SET post_id = :p WHERE post_id = :q"),
            {"p": post_id + 1_000_000, "q": post_id},
        )
    with pg.uow() as uow:
        stored = uow.posts.get(post_id)
    assert stored is not None and stored.external_id == "p-now"


def test_the_id_sql_and_python_agree_on_every_month() -> None:
    for year, month in [(1990, 1), (2000, 12), (2026, 12), (2099, 12)]:
        number = partitions.month_number(date(year, month, 1))
        assert partitions.month_of_number(number) == date(year, month, 1)
    assert partitions.month_number(date(1970, 1, 1)) == 1  # kept within what ids hold
    assert partitions.month_number(date(9999, 1, 1)) == partitions.LAST_MONTH
    assert partitions.LAST_MONTH << partitions.MONTH_BITS < 2**53


def test_sql_gives_the_month_python_gives(pg: Container) -> None:
    with pg.engine.begin() as conn:
        conn.execute(text("CREATE TEMP SEQUENCE probe_seq"))
        for at in ["1990-01-01 00:00+00", "2026-12-31 23:59:59+00", "2027-01-01 07:00+08"]:
            got = conn.scalar(
                text(f"SELECT {partitions.post_id_sql('CAST(:at AS timestamptz)', 'probe_seq')}"),
                {"at": at},
            )
            moment = datetime.fromisoformat(at.replace("+00", "+00:00").replace("+08", "+08:00"))
            month = partitions.first_of(moment)
            assert int(got) >> partitions.MONTH_BITS == partitions.month_number(month)


def test_a_month_not_made_yet_keeps_its_posts_in_the_default_partition(pg: Container) -> None:
    far = datetime.now(UTC) + timedelta(days=400)  # past the months made ahead
    assert _store(pg, ("p-far", far)) == 1
    with pg.engine.connect() as conn:
        assert _home(conn, "p-far")[1] == "posts_default"
    with pg.engine.begin() as conn:
        made = partitions.ensure_months(conn, datetime.now(UTC))
        later = partitions.ensure_months(conn, far)  # its month comes: the posts stay
    assert made["posts"] == 0
    month = partitions.first_of(far)
    with pg.engine.connect() as conn:
        assert month not in partitions.existing_months(conn, "posts")
        assert partitions.next_month(month) in partitions.existing_months(conn, "posts")
        assert _home(conn, "p-far")[1] == "posts_default"
    assert later["posts"] == partitions.MONTHS_AHEAD  # the month after it and on
    assert later["findings"] == partitions.MONTHS_AHEAD + 1
    assert _store(pg, ("p-far", far), ("p-far-2", far)) == 1  # the default keeps the key too


def test_down_to_a_plain_table_and_up_again_keeps_posts_and_their_ids(pg: Container) -> None:
    now = datetime.now(UTC)
    _store(pg, ("p-1", now), ("p-2", now - timedelta(days=900)))
    config = migrate.alembic_config(pg.engine.url.render_as_string(hide_password=False))
    with pg.engine.connect() as conn:
        before = _keys(conn)
        clues = sorted(conn.scalars(select(ClueRow.post_id)))
    with pg.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0030")
    with pg.engine.connect() as conn:
        assert not partitions.is_partitioned(conn, "posts")
        assert _keys(conn) == before
    assert _store(pg, ("p-1", now)) == 0  # the plain table's unique key is back
    assert migrate.upgrade(pg.engine) == ("0030", migrate.head_revision())
    with pg.engine.connect() as conn:
        assert partitions.is_partitioned(conn, "posts")
        assert _keys(conn) == before
        assert sorted(conn.scalars(select(ClueRow.post_id))) == clues
        this_month = partitions.month_name("posts", partitions.first_of(now))
        assert _home(conn, "p-1")[1] == this_month  # the month its id carries
        assert _home(conn, "p-2")[1] == "posts_before"
    assert _store(pg, ("p-1", now), ("p-3", now)) == 1
    with pg.engine.connect() as conn:
        assert _home(conn, "p-3")[1] == this_month
