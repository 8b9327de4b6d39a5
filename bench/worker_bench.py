"""What one stream worker spends a stored post: CPU and wall time, consuming a backlog.

    .venv/bin/python bench/worker_bench.py [--posts 10000] [--batch 500] [--profile]
                                           [--pg URL] [--json]

Starts its own nats-server (a free port, a temporary store) and its own PostgreSQL
database (as bench/stream_bench.py does), publishes a warm-up batch and consumes it, then
publishes --posts posts (about 5% illegal) and runs the worker's loop (`consume`) in this
process until the stream is empty. The CPU time is this process's (the loop and the thread
that patrols each batch), per stored post; PostgreSQL's and NATS's own work is not in it.
`--profile` prints the functions that took the most time in the patrolling thread.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stream_bench
from netpatrol.adapters.stream.jetstream import JetStreamPosts
from netpatrol.bootstrap import bootstrap
from netpatrol.config import Settings
from netpatrol.workers import stream as worker

WAIT = 0.5  # seconds of the empty pull that ends the run (taken off the wall time)


async def measure(args: argparse.Namespace, db_url: str, nats_url: str) -> dict[str, Any]:
    env = {**os.environ, "NETPATROL_DATABASE_URL": db_url}
    subprocess.run(
        [sys.executable, "-m", "netpatrol", "init"], env=env, check=True, capture_output=True
    )
    built = bootstrap(Settings(database_url=db_url.replace("postgresql:", "postgresql+psycopg:")))
    stream = await JetStreamPosts.connect(nats_url)
    try:
        engine = built.detection()

        async def drain() -> worker.WorkerRun:
            return await worker.consume(
                stream, built.uow, engine, built.triage, built.clock, args.batch, WAIT, 1
            )

        await stream.publish(stream_bench.phase_posts("warm", args.batch, seed=3))
        await drain()
        await stream.publish(stream_bench.phase_posts("w", args.posts, seed=5))
        profile = cProfile.Profile()
        patrol = worker.patrol_batch
        if args.profile:

            def profiled(*a: Any, **k: Any) -> Any:
                profile.enable()
                try:
                    return patrol(*a, **k)
                finally:
                    profile.disable()

            worker.patrol_batch = profiled  # type: ignore[assignment]
        wall, cpu = time.perf_counter(), time.process_time()
        run = await drain()
        wall, cpu = time.perf_counter() - wall - WAIT, time.process_time() - cpu
        worker.patrol_batch = patrol
        if args.profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue(), file=sys.stderr)
    finally:
        await stream.close()
        built.dispose()
    return {
        "posts": run.stored,
        "findings": run.findings,
        "cpu_ms_per_post": round(1000 * cpu / max(run.stored, 1), 4),
        "wall_ms_per_post": round(1000 * wall / max(run.stored, 1), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    binary = shutil.which("nats-server")
    if binary is None:
        sys.exit("nats-server is not on PATH")
    work = Path(tempfile.mkdtemp(prefix="netpatrol-worker-bench-"))
    try:
        with (
            stream_bench.nats_server(binary, work) as nats_url,
            stream_bench.bench_database(args.pg) as db_url,
        ):
            result = asyncio.run(measure(args, db_url, nats_url))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['posts']:,} posts stored ({result['findings']:,} findings): "
            f"{result['cpu_ms_per_post']:.3f} ms CPU and {result['wall_ms_per_post']:.3f} ms "
            "wall a post"
        )


if __name__ == "__main__":
    main()
