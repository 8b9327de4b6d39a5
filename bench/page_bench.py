"""How long the console's largest pages take when the tables are large: the page of a
rumour clue that gathered N findings (and N audit entries), the page of a cluster of N
posts, and the queue over N/10 open clues. Prints p95, median and range of wall time over
rounds, the median CPU time of the process (client and server), and the size of each page.

    .venv/bin/python bench/page_bench.py [--size 100000] [--db sqlite|postgresql] [--rounds 20]
        [--keep NAME]

The database is filled directly (posts, findings, audit entries through the audit chain,
cluster members), not through the patrol, so a size of a million takes minutes, not hours.
With `--keep NAME` the database (a file in the temporary folder, or a PostgreSQL database
of that name) is kept and reused by the next run with the same name (migrated, not filled
again).
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.growth_bench import PG_ADMIN, _database, _drop
from sqlalchemy import func, select

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.adapters.db.maintenance import analyse
from netpatrol.adapters.db.tables.core import ClueRow
from netpatrol.adapters.db.tables.rumours import ClusterRow
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.spread import Cluster, ClusterMember, MemberKind
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.oversight.audit import SYSTEM_ACTOR, record

T0 = datetime(2026, 11, 1, tzinfo=UTC)
CHUNK = 5000


def _fill(built: Container, size: int) -> tuple[int, int]:
    """(id of the big clue, id of the big cluster)."""
    rng = random.Random(7)
    with built.uow() as uow:
        unit = uow.units.all()[0].id or 0
        first = Post(Platform.WEIBO, "p0", Author("a0", "a0"), "谣言 0", T0)
        uow.posts.add_many([first])
        clue = Clue(
            unit, Category.RUMOUR, Severity.HIGH, first.id or 0, 1, SharingLevel.NATIONAL, T0, T0
        )
        uow.clues.add_many([clue])
        cluster = uow.clusters.add(
            Cluster(
                unit, Category.RUMOUR, SharingLevel.NATIONAL, first.id or 0, "c", T0, T0, T0, T0
            )
        )
        uow.commit()
    for start in range(1, size, CHUNK):
        with built.uow() as uow:
            posts = [
                Post(
                    Platform.WEIBO,
                    f"p{i}",
                    Author(f"a{i % 997}", "n"),
                    f"谣言 {i}",
                    T0 + timedelta(seconds=i),
                )
                for i in range(start, min(start + CHUNK, size))
            ]
            uow.posts.add_many(posts)
            uow.findings.add_many(
                [
                    Finding(
                        Category.RUMOUR, 0.9, Severity.HIGH, [], "lexicon", "1", p.id, clue.id, T0
                    )
                    for p in posts
                ]
            )
            uow.clusters.add_members(
                [
                    (
                        ClusterMember(
                            cluster.id or 0, p.id or 0, MemberKind.COPY, "h", p.created_at, 3, T0
                        ),
                        None,
                        [],
                    )
                    for p in posts
                ]
            )
            for p in posts:
                record(
                    uow,
                    actor=SYSTEM_ACTOR,
                    action="clue.merged",
                    subject_type="clue",
                    subject_id=clue.id,
                    at=T0,
                    after={"post_id": p.id},
                )
            uow.clues.add_many(
                [
                    Clue(
                        unit,
                        Category.FRAUD,
                        rng.choice(list(Severity)),
                        p.id or 0,
                        rng.randrange(1000),
                        SharingLevel.NATIONAL,
                        T0,
                        T0,
                        growth=rng.random() * 100,
                    )
                    for p in posts[::10]
                ]
            )
            uow.commit()
    with built.uow() as uow:
        cluster.posts, cluster.last_seen_at = size, T0 + timedelta(seconds=size)
        uow.clusters.update(cluster)
        uow.commit()
    analyse(built.engine)
    return clue.id or 0, cluster.id or 0


def _filled(built: Container, size: int, db: str) -> tuple[int, int]:
    """Migrate, then fill the database unless a kept one is filled already."""
    migrate.upgrade(built.engine)
    with built.engine.connect() as conn:
        clue_id = conn.execute(select(func.min(ClueRow.id))).scalar()
        cluster_id = conn.execute(select(func.min(ClusterRow.id))).scalar()
    if clue_id is not None and cluster_id is not None:
        return int(clue_id), int(cluster_id)
    load_units(built.uow(), units_from_data(data.load_json("units.json")), "bench", built.clock)
    began = time.perf_counter()
    filled = _fill(built, size)
    print(f"{db}: filled {size:,} in {time.perf_counter() - began:.0f} s", flush=True)
    return filled


def _kept(kind: str, name: str) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{Path(tempfile.gettempdir()) / f'{name}.db'}", None
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')
    admin = psycopg.conninfo.conninfo_to_dict(PG_ADMIN)
    host, port = admin.get("host", "127.0.0.1"), admin.get("port", "5432")
    return f"postgresql+psycopg://{admin.get('user', 'postgres')}@{host}:{port}/{name}", None


def page_options(doc: str, rounds: int) -> argparse.ArgumentParser:
    """The options of the page scripts: how large, which database, how many rounds, and a
    database to keep."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--keep", default="", help="keep and reuse the database of this name")
    return parser


@contextmanager
def large_pages(args: argparse.Namespace) -> Iterator[tuple[Container, Any, dict[str, str]]]:
    """A database filled to `args.size` (or the kept one), a client of the console on it,
    signed in, and the pages to request, each requested once already (templates compiled,
    caches filled); the database is dropped afterwards unless kept."""
    from fastapi.testclient import TestClient
    from tests.factories import bearer

    from netpatrol.web.app import create_app

    logging.disable(logging.INFO)  # not a line per request
    with tempfile.TemporaryDirectory() as tmp:
        url, name = _kept(args.db, args.keep) if args.keep else _database(args.db, Path(tmp))
        try:
            built = bootstrap(Settings(database_url=url))
            clue_id, cluster_id = _filled(built, args.size, args.db)
            pages = {
                "clue page": f"/console/clues/{clue_id}",
                "cluster page": f"/console/clusters/{cluster_id}",
                "queue": "/console",
            }
            with TestClient(create_app(built.settings, built)) as client:
                client.headers.update(bearer(built, f"bench-{uuid.uuid4().hex[:6]}"))
                for path in pages.values():
                    client.get(path)
                yield built, client, pages
            built.dispose()
        finally:
            if not args.keep:
                _drop(name)


def main() -> None:
    args = page_options(__doc__, rounds=20).parse_args()
    with large_pages(args) as (_, client, pages):
        times: dict[str, list[float]] = {page: [] for page in pages}
        cpus: dict[str, list[float]] = {page: [] for page in pages}
        sizes: dict[str, int] = {}
        for _ in range(args.rounds):  # interleaved, so load on the machine hits all alike
            for page, path in pages.items():
                start, cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                times[page].append(time.perf_counter() - start)
                cpus[page].append(time.process_time() - cpu)
                assert response.status_code == 200, (path, response.status_code)
                sizes[page] = len(response.content)
    for page, spent in times.items():
        ms = sorted(t * 1000 for t in spent)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        print(
            f"{page:13} p95 {p95:7.1f} ms, median {statistics.median(ms):7.1f} ms "
            f"(range {ms[0]:.1f}-{ms[-1]:.1f}), CPU median "
            f"{statistics.median(cpus[page]) * 1000:.1f} ms, {sizes[page] / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
