"""Does a post cost the same to patrol when the tables are large? Loads N posts into a
fresh SQLite and PostgreSQL database the way `netpatrol patrol --jobs 1` does (the same
batches, the same writer, the planner's statistics refreshed each time the load doubles)
and prints the cost per post (CPU and wall) of the last 10% of the load against the first
10% (target: at most 1.2), and the peak RSS of the load.

    .venv/bin/python bench/growth_bench.py [--sizes 10000 100000] [--million] [--db both]

Each (database, size) runs in its own process, so its peak RSS is its own. PostgreSQL is
reached at NETPATROL_BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres);
the bench creates a database of its own there and drops it afterwards. With --million it
fails (exit 1) when the peak RSS at 1,000,000 posts exceeds that at 100,000 by 100 MB.

The first and last tenths of one load are minutes apart, and a shared machine's load drifts
in between. So after each load the bench also patrols the same fresh batches into the full
database and into one holding the first 5% of the file (where the first tenth stands on
average), in turn, over --rounds rounds, and prints the median ratio of their CPU and wall
time per post with its range: a growth figure the machine's drift falls on alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import make_post

PG_ADMIN = os.environ.get("NETPATROL_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BATCH = 500
RSS_LIMIT_MB = 100
INTERLEAVED_BATCHES = 4  # batches a round patrols into each database


def _write_posts(path: Path, count: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps(make_post(i, rng), ensure_ascii=False) + "\n")


def _ready(url: str, engine: Any = None) -> Any:
    """A container on a migrated database with the units loaded (sharing `engine`, the
    detection engine, when given: both databases then run the same one)."""
    from netpatrol import data
    from netpatrol.adapters.db import migrate
    from netpatrol.bootstrap import bootstrap
    from netpatrol.config import Settings
    from netpatrol.services.accounts.units import load_units, units_from_data

    built = bootstrap(Settings(database_url=url))
    migrate.upgrade(built.engine)
    load_units(built.uow(), units_from_data(data.load_json("units.json")), "bench", built.clock)
    if engine is not None:
        built = dataclasses.replace(built, _detection=engine)
    built.detection()
    return built


def _patrol(built: Any, lines: Iterable[bytes], tally: Any) -> Iterator[tuple[int, float, float]]:
    """Patrol these lines a batch at a time as the command does; each batch's posts, CPU
    seconds and wall seconds (the planner's statistics refreshed as the load doubles)."""
    from netpatrol.cli.patrol import _batches
    from netpatrol.cli.patrol_write import write_batch
    from netpatrol.services.patrol.post_input import read_jsonl

    for batch in _batches(read_jsonl(io.BytesIO(b"".join(lines))), BATCH, tally):
        cpu, wall = time.process_time(), time.perf_counter()
        tally.add(write_batch(built, batch, None, as_json=False))
        tally.refresh_statistics(built.engine)
        yield len(batch), time.process_time() - cpu, time.perf_counter() - wall


def _load(url: str, small_url: str, path: Path, rounds: int) -> dict[str, object]:
    """In this process: the load of the whole file, a batch at a time; then, `rounds`
    times, the same fresh batches into it and into a database holding the first 5% of the
    file (where the first tenth of the load stands on average), in turn, by CPU time."""
    from netpatrol.cli.patrol import Tally

    built = _ready(url)
    tally = Tally()
    costs: list[tuple[int, float, float]] = []  # posts, CPU seconds, wall seconds
    with path.open("rb") as source:
        for lines in iter(lambda: list(itertools.islice(source, BATCH * 20)), []):
            costs.extend(_patrol(built, lines, tally))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tenth = max(len(costs) // 10, 1)

    def per_post(part: list[tuple[int, float, float]], i: int) -> float:
        return sum(c[i] for c in part) / sum(c[0] for c in part) * 1000

    first, last = costs[:tenth], costs[-tenth:]
    figures: dict[str, object] = {
        "posts": tally.stored,
        "findings": tally.findings,
        "ms_per_post_cpu": [round(per_post(first, 1), 3), round(per_post(last, 1), 3)],
        "ms_per_post_wall": [round(per_post(first, 2), 3), round(per_post(last, 2), 3)],
        "growth_cpu": round(per_post(last, 1) / per_post(first, 1), 2),
        "growth_wall": round(per_post(last, 2) / per_post(first, 2), 2),
        "batch_wall_ms_median": round(statistics.median(c[2] for c in costs) * 1000, 1),
        "peak_rss_mb": round(peak, 1),
    }
    if rounds:
        figures.update(_interleaved(built, small_url, path, tally.stored, rounds))
    built.dispose()
    return figures


def _interleaved(
    built: Any, small_url: str, path: Path, size: int, rounds: int
) -> dict[str, list[float]]:
    """Big against small in turn over the same fresh posts: the machine's load, which
    drifts over an hour's load, falls on both alike. The ratio's median and range."""
    from netpatrol.cli.patrol import Tally

    small = _ready(small_url, built.detection())
    with path.open("rb") as source:
        for _ in _patrol(small, itertools.islice(source, size // 20), Tally()):
            pass
    rng = random.Random(11)
    cpu: list[float] = []
    wall: list[float] = []
    for number in range(rounds):
        first = size + number * BATCH * INTERLEAVED_BATCHES
        lines = [
            (json.dumps(make_post(first + i, rng), ensure_ascii=False) + "\n").encode()
            for i in range(BATCH * INTERLEAVED_BATCHES)
        ]
        order = [built, small] if number % 2 else [small, built]
        spent = {}
        for target in order:
            part = list(_patrol(target, lines, Tally()))
            spent[id(target)] = (sum(c[1] for c in part), sum(c[2] for c in part))
        cpu.append(spent[id(built)][0] / spent[id(small)][0])
        wall.append(spent[id(built)][1] / spent[id(small)][1])
    small.dispose()
    return {
        "interleaved_cpu": [
            round(statistics.median(cpu), 2),
            round(min(cpu), 2),
            round(max(cpu), 2),
        ],
        "interleaved_wall": [
            round(statistics.median(wall), 2),
            round(min(wall), 2),
            round(max(wall), 2),
        ],
    }


def _database(kind: str, workdir: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'growth-{uuid.uuid4().hex[:8]}.db'}", None
    import psycopg

    name = f"netpatrol_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    admin = psycopg.conninfo.conninfo_to_dict(PG_ADMIN)
    url = (
        f"postgresql+psycopg://{admin.get('user', 'postgres')}@{admin.get('host', '127.0.0.1')}"
        f":{admin.get('port', '5432')}/{name}"
    )
    return url, name


def _drop(name: str | None) -> None:
    if name:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _range(figures: Any) -> str:
    median, low, high = figures
    return f"{median} ({low}-{high})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="add a load of 1,000,000")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--rounds", type=int, default=5, help="interleaved rounds, big against small (0: none)"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, small_url, path, rounds = args.child
        print(json.dumps(_load(url, small_url, Path(path), int(rounds))))
        return
    sizes = sorted(set(args.sizes + ([1_000_000] if args.million else [])))
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for size in sizes:
            path = workdir / f"posts-{size}.jsonl"
            _write_posts(path, size)
            for kind in kinds:
                url, name = _database(kind, workdir)
                small_url, small_name = _database(kind, workdir)
                child = [url, small_url, str(path), str(args.rounds)]
                try:
                    out = subprocess.run(
                        [sys.executable, __file__, "--child", *child],
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout
                finally:
                    _drop(name)
                    _drop(small_name)
                row = {"db": kind, "size": size, **json.loads(out.splitlines()[-1])}
                figures.append(row)
                print(
                    f"{kind:10} {size:>9,} posts: ms/post CPU {row['ms_per_post_cpu']} "
                    f"(last/first {row['growth_cpu']}), wall {row['ms_per_post_wall']} "
                    f"(last/first {row['growth_wall']}); peak RSS {row['peak_rss_mb']} MB",
                    flush=True,
                )
                if "interleaved_cpu" in row:
                    print(
                        f"{'':10} {'':>9}  interleaved, at {size:,} against at {size // 20:,} "
                        f"posts, {args.rounds} rounds: CPU {_range(row['interleaved_cpu'])}, "
                        f"wall {_range(row['interleaved_wall'])}",
                        flush=True,
                    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    flat = True
    for kind in kinds:  # memory stays flat: a million posts within 100 MB of 100,000
        rss = {r["size"]: r["peak_rss_mb"] for r in figures if r["db"] == kind}
        if 100_000 in rss and 1_000_000 in rss:
            grew = float(rss[1_000_000]) - float(rss[100_000])  # type: ignore[arg-type]
            print(f"{kind}: peak RSS at 1,000,000 is {grew:+.1f} MB on 100,000 (limit +100)")
            flat = flat and grew <= RSS_LIMIT_MB
    if not flat:
        sys.exit(1)


if __name__ == "__main__":
    main()
