"""Does `netpatrol patrol --jobs N` beat one job? Runs the real command on the same file
into fresh databases, one job and N jobs in turn over several rounds (the order flipped
each round, so the machine's other work falls on both alike), and prints the wall time
of each, the machine's busy CPU time during it (from /proc/stat: the command's processes,
the database server and whatever else ran), and the speed-up (one job's wall time over N
jobs'), median and range.

    .venv/bin/python bench/jobs_bench.py [--posts 20000] [--rounds 3] [--jobs 2]
        [--db sqlite|postgresql|both]

On PostgreSQL each of the N processes detects and commits batches of its own; on SQLite,
which takes one writer, the command's own process writes and N-1 others detect. The
processes are forked from a fork server, whose children the command never waits for, so
their CPU time is read machine-wide: run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.growth_bench import _database, _drop, _write_posts

NETPATROL = str(Path(sys.executable).with_name("netpatrol"))


def _busy_cpu() -> float:
    """CPU seconds the whole machine has spent busy (not idle or waiting on the disk)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _run(kind: str, workdir: Path, posts: Path, jobs: int) -> tuple[float, float]:
    """(wall seconds, the machine's busy CPU seconds) of one patrol."""
    url, name = _database(kind, workdir)
    env = {**os.environ, "NETPATROL_DATABASE_URL": url}
    try:
        subprocess.run([NETPATROL, "init"], env=env, check=True, capture_output=True)
        cpu, wall = _busy_cpu(), time.perf_counter()
        subprocess.run(
            [NETPATROL, "patrol", str(posts), "--jobs", str(jobs)],
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - wall, _busy_cpu() - cpu
    finally:
        _drop(name)


def _line(label: str, values: list[float], unit: str) -> str:
    return (
        f"{label:28} median {statistics.median(values):8.2f}{unit} "
        f"(range {min(values):.2f}-{max(values):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    if args.jobs < 2 or args.rounds < 1 or args.posts < 1:
        parser.error("--jobs must be 2 or more, --rounds and --posts 1 or more")
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        posts = workdir / "posts.jsonl"
        _write_posts(posts, args.posts)
        for kind in kinds:
            walls: dict[int, list[float]] = {1: [], args.jobs: []}
            cpus: dict[int, list[float]] = {1: [], args.jobs: []}
            for round_ in range(args.rounds):
                order = (1, args.jobs) if round_ % 2 == 0 else (args.jobs, 1)
                for jobs in order:
                    wall, cpu = _run(kind, workdir, posts, jobs)
                    walls[jobs].append(wall)
                    cpus[jobs].append(cpu)
            speedups = [one / many for one, many in zip(walls[1], walls[args.jobs], strict=True)]
            print(f"{kind}, {args.posts:,} posts, {args.rounds} rounds")
            for jobs in (1, args.jobs):
                print(_line(f"  --jobs {jobs} wall", walls[jobs], " s"))
                print(_line(f"  --jobs {jobs} CPU (machine)", cpus[jobs], " s"))
            print(_line(f"  speed-up of --jobs {args.jobs}", speedups, "x"))


if __name__ == "__main__":
    main()
