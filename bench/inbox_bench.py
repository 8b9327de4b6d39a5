"""How long a page of the accounts' inbox takes at 1,000,000 messages, next to the same
page at 1,000 in the same run: the API's first page, a page deep among handled messages
(`?after=`), and the console's inbox page for one unit. Rounds interleave the two sizes
and every page, so load on the machine hits all alike; CPU (`time.process_time`) and wall
are both reported, p95, median and range.

    .venv/bin/python bench/inbox_bench.py [--large 1000000] [--db sqlite|postgresql]
        [--rounds 30] [--json artefacts/inbox_bench.json]

The messages are loaded with Core executemany in chunks (not through the intake), most of
them to one unit's three accounts, one in ten still unread, so the unit's pages read from
the largest share of the table.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.growth_bench import _database, _drop
from sqlalchemy import insert

from netpatrol import data
from netpatrol.adapters.db import migrate, partitions
from netpatrol.adapters.db.inbox import row_values
from netpatrol.adapters.db.maintenance import analyse
from netpatrol.adapters.db.tables.inbox import InboxMessageRow
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.domain.inbox import Direction, InboxMessage, InboxStatus, MessageKind
from netpatrol.services.accounts.units import load_units, units_from_data

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CHUNK = 20_000
UNIT = "110000"  # the unit whose inbox is paged
TEXTS = (
    "请问被网络诈骗了应该去哪里报案？钱是昨天晚上转过去的",
    "感谢网警！上次反映的诈骗网站已经打不开了，点赞",
    "举报：有人在本地群里发刷单返利广告，说日结三百，让先垫付",
    "你们天天发这些有什么用，骗子还不是一样多",
)


def _rows(start: int, stop: int, size: int, accounts: list[tuple[int, str, str]]) -> list[Any]:
    """Messages start..stop of a load of `size`: seven in ten to the paged unit, the rest
    spread; the newest tenth unread."""
    rows = []
    for i in range(start, stop):
        unit_id, platform, account = accounts[0 if i % 10 < 7 else 1 + i % (len(accounts) - 1)]
        unread = i >= size - size // 10
        message = InboxMessage(
            unit_id=unit_id,
            platform=platform,
            account=account,
            kind=(MessageKind.PRIVATE, MessageKind.COMMENT, MessageKind.MENTION)[i % 3],
            external_id=f"m{i}",
            sender_id=f"n{i % 50_021}",
            sender_name=f"网友{i % 50_021}",
            text=TEXTS[i % len(TEXTS)],
            received_at=T0 + timedelta(seconds=i),
            direction=Direction.IN,
            status=InboxStatus.UNREAD if unread else InboxStatus.HANDLED,
            handled_by="" if unread else "officer",
            handled_at=None if unread else T0 + timedelta(seconds=i + 60),
        )
        rows.append(row_values(message))
    return rows


def _fill(built: Container, size: int) -> float:
    """Load `size` messages; seconds it took."""
    with built.uow() as uow:
        units = uow.units.all()
    paged = next(u for u in units if u.code == UNIT)
    others = [u for u in units if u.code != UNIT and u.channel_accounts][:40]
    accounts = [(paged.id or 0, "weibo", paged.channel_accounts["weibo"])]
    accounts += [(u.id or 0, "wechat", u.channel_accounts["wechat"]) for u in others]
    began = time.perf_counter()
    table = InboxMessageRow.__table__
    with built.engine.begin() as conn:
        for start in range(0, size, CHUNK):
            conn.execute(insert(table), _rows(start, min(start + CHUNK, size), size, accounts))
        partitions.ensure_months(conn, built.clock())  # each month into its own partition
    analyse(built.engine)
    return time.perf_counter() - began


def _pages(size: int) -> dict[str, str]:
    deep = f"h{size // 2}"  # a cursor halfway down the handled messages
    return {
        "api first page": f"/api/v1/inbox?unit={UNIT}&limit=50",
        "api deep page": f"/api/v1/inbox?unit={UNIT}&limit=50&after={deep}",
        "console page": f"/console/inbox?unit={UNIT}",
    }


def _summary(spent: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in spent)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"p95": p95, "median": statistics.median(ms), "min": ms[0], "max": ms[-1]}


def main() -> None:
    from fastapi.testclient import TestClient
    from tests.factories import bearer

    from netpatrol.web.app import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    sizes = (args.small, args.large)
    with tempfile.TemporaryDirectory() as tmp:
        made = {size: _database(args.db, Path(tmp)) for size in sizes}
        try:
            clients, containers, loads = {}, [], {}
            for size in sizes:
                built = bootstrap(Settings(database_url=made[size][0]))
                migrate.upgrade(built.engine)
                units = units_from_data(data.load_json("units.json"))
                load_units(built.uow(), units, "bench", built.clock)
                loads[size] = _fill(built, size)
                print(f"{args.db}: loaded {size:,} messages in {loads[size]:.1f} s", flush=True)
                client = TestClient(create_app(built.settings, built))
                client.__enter__()
                client.headers.update(bearer(built, f"bench-{uuid.uuid4().hex[:6]}"))
                clients[size], containers = client, [*containers, built]
            wall: dict[tuple[int, str], list[float]] = {}
            cpu: dict[tuple[int, str], list[float]] = {}
            for size in sizes:  # warm: templates compiled, caches filled
                for path in _pages(size).values():
                    assert clients[size].get(path).status_code == 200, path
            for _ in range(args.rounds):
                for size in sizes:
                    for page, path in _pages(size).items():
                        began, began_cpu = time.perf_counter(), time.process_time()
                        answer = clients[size].get(path)
                        wall.setdefault((size, page), []).append(time.perf_counter() - began)
                        cpu.setdefault((size, page), []).append(time.process_time() - began_cpu)
                        assert answer.status_code == 200, (path, answer.status_code)
            for client in clients.values():
                client.__exit__(None, None, None)
            for built in containers:
                built.dispose()
        finally:
            for _, name in made.values():
                _drop(name)
    figures: dict[str, Any] = {"db": args.db, "rounds": args.rounds, "load_seconds": loads}
    print(f"{'page':15} {'messages':>10}  wall p95 / median (range)        cpu p95 / median")
    for page in _pages(0):
        for size in sizes:
            w, c = _summary(wall[(size, page)]), _summary(cpu[(size, page)])
            figures[f"{page} @ {size}"] = {"wall_ms": w, "cpu_ms": c}
            print(
                f"{page:15} {size:>10,}  {w['p95']:6.1f} / {w['median']:6.1f} ms "
                f"({w['min']:.1f}-{w['max']:.1f})   {c['p95']:6.1f} / {c['median']:6.1f} ms"
            )
        ratio = _summary(wall[(sizes[1], page)])["p95"] / _summary(wall[(sizes[0], page)])["p95"]
        figures[f"{page} p95 ratio"] = ratio
        print(f"{'':15} {'ratio':>10}  {ratio:6.2f}x p95 wall, {sizes[1]:,} against {sizes[0]:,}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
