"""Posts per second through the stream, end to end: publish -> stored post and finding.

    .venv/bin/python bench/stream_bench.py [--posts 20000] [--rate 2000] [--seconds 15]
                                           [--batch 500] [--quick] [--json]

It starts its own nats-server (JetStream on a free port, temporary store) and creates its
own PostgreSQL database (netpatrol_bench_<pid>, dropped at the end), runs `netpatrol init`
on it, and then runs `netpatrol worker stream` as separate processes:

1. throughput, with 1 worker and then 2: once the workers wait on the stream, --posts new
   posts are published as fast as the stream acknowledges them, and the clock stops when
   the last of them is stored (posts counted in the database);
2. latency, with 2 workers: posts offered at a fixed --rate a second for --seconds; a
   finding's latency runs from its post's publish to the moment its committed row is first
   seen by a reader polling the database every 20 ms.

Scaling efficiency is 2-worker throughput / (2 x 1-worker throughput). `duplicated` counts
posts stored more than once and posts with more than one finding; ingest is idempotent on
(platform, external id), so it should be 0. Worker and server output goes to log files in a
temporary folder; when a run fails, their tails are printed and the folder is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nats
import psycopg
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from netpatrol.adapters.stream.jetstream import JetStreamPosts, StreamNames

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import make_posts

ROOT = Path(__file__).resolve().parents[1]

POLL = 0.02  # seconds between the latency reader's looks at the findings table
GAP_GIVE_UP = 30.0  # a finding id skipped this long is a gap (a rolled-back insert)
LOG_TAIL = 40  # lines of each log shown when a run fails

say = Console(stderr=True, highlight=False)


class BenchFailure(Exception):
    """The run cannot go on; the message says why, the logs say more."""


@dataclass
class Throughput:
    workers: int
    posts: int
    seconds: float

    @property
    def posts_per_s(self) -> float:
        return self.posts / self.seconds


@dataclass
class Latency:
    workers: int
    offered_rate: float
    posts: int
    offered_s: float  # from the first publish to the last
    drained_s: float  # from the last publish until the last post was stored
    latencies_ms: list[float]

    @property
    def achieved_rate(self) -> float:
        return self.posts / self.offered_s

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tail(path: Path, lines: int = LOG_TAIL) -> str:
    if not path.exists():
        return "(no log)"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:]) or "(empty)"


@contextmanager
def bench_database(admin_url: str) -> Iterator[str]:
    """A fresh database of the bench's own; dropped afterwards."""
    name = f"netpatrol_bench_{os.getpid()}"
    info = psycopg.conninfo.conninfo_to_dict(admin_url)
    if info.get("dbname") == name:
        raise BenchFailure("the admin URL must name another database than the bench's own")
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise BenchFailure(f"PostgreSQL not reachable at {admin_url}: {exc}") from None
    host, port = info.get("host", "127.0.0.1"), info.get("port", "5432")
    user = info.get("user", "postgres")
    try:
        yield f"postgresql://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def nats_server(binary: str, work: Path) -> Iterator[str]:
    """A nats-server with JetStream of the bench's own: a free port, a temporary store."""
    port = free_port()
    log = work / "nats-server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [binary, "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(work / "jetstream")],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise BenchFailure(f"nats-server did not start:\n{tail(log)}") from None
                time.sleep(0.1)
        yield f"nats://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Workers:
    """`netpatrol worker stream` processes, each writing to its own log file."""

    def __init__(self, count: int, label: str, env: dict[str, str], work: Path, batch: int):
        self.logs = [work / f"worker-{label}-{n + 1}.log" for n in range(count)]
        self.processes: list[subprocess.Popen[bytes]] = []
        command = [sys.executable, "-m", "netpatrol", "worker", "stream", "--batch", str(batch)]
        for log in self.logs:
            with log.open("wb") as out:
                self.processes.append(
                    subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
                )

    def check(self) -> None:
        for process, log in zip(self.processes, self.logs, strict=True):
            if process.poll() is not None:
                raise BenchFailure(f"worker {log.name} exited with {process.returncode}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # the worker closes its connection cleanly
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Bench:
    def __init__(self, args: argparse.Namespace, db_url: str, nats_url: str, work: Path):
        self.args = args
        self.db_url = db_url
        self.nats_url = nats_url
        self.work = work
        self.env = {**os.environ, "NETPATROL_DATABASE_URL": db_url, "NETPATROL_NATS_URL": nats_url}
        self.names = StreamNames()  # the workers' own: the server is the bench's alone
        self.published = 0
        self.current: Workers | None = None
        self.db = psycopg.connect(db_url, autocommit=True)

    def close(self) -> None:
        if self.current is not None:
            self.current.stop()
        self.db.close()

    def init_schema(self) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "netpatrol", "init"],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BenchFailure(f"netpatrol init failed:\n{done.stdout}{done.stderr}")

    def scalar(self, sql: str, *params: Any) -> int:
        row = self.db.execute(sql, params).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def posts_after(self, top: int) -> int:
        return self.scalar("SELECT count(*) FROM posts WHERE id > %s", top)

    async def consumer(self, js: Any) -> Any:
        return await js.consumer_info(self.names.stream, self.names.durable)

    async def start_workers(self, count: int, label: str, js: Any) -> Workers:
        # pull requests of the workers stopped before expire within a second
        deadline = time.monotonic() + 5
        while (await self.consumer(js)).num_waiting and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        self.current = Workers(count, label, self.env, self.work, self.args.batch)
        deadline = time.monotonic() + 180
        while (await self.consumer(js)).num_waiting < count:  # each waits on a pull: ready
            self.current.check()
            if time.monotonic() > deadline:
                raise BenchFailure(f"{count} worker(s) not waiting on the stream after 180 s")
            await asyncio.sleep(0.1)
        return self.current

    async def stop_workers(self, js: Any) -> None:
        assert self.current is not None
        deadline = time.monotonic() + 60
        while True:  # stop only once every delivered post is acked, so none comes back later
            info = await self.consumer(js)
            if info.num_pending == 0 and info.num_ack_pending == 0:
                break
            if time.monotonic() > deadline:
                raise BenchFailure(
                    f"{info.num_pending} posts undelivered, {info.num_ack_pending} unacked"
                )
            await asyncio.sleep(0.1)
        self.current.stop()
        self.current = None

    async def wait_stored(self, top: int, expected: int, workers: Workers) -> float:
        """Poll until `expected` posts beyond id `top` are stored; the time it happened."""
        last, moved = -1, time.monotonic()
        while True:
            stored = self.posts_after(top)
            now = time.perf_counter()
            if stored >= expected:
                return now
            if stored != last:
                last, moved = stored, time.monotonic()
            elif time.monotonic() - moved > self.args.stall:
                raise BenchFailure(
                    f"stored {stored} of {expected} posts, none more in {self.args.stall:.0f} s"
                )
            workers.check()
            await asyncio.sleep(0.05)

    async def throughput(self, stream: JetStreamPosts, js: Any, count: int) -> Throughput:
        posts = phase_posts(f"t{count}", self.args.posts, seed=100 + count)
        top = self.scalar("SELECT max(id) FROM posts")
        workers = await self.start_workers(count, f"throughput-{count}", js)
        say.print(f"throughput, {count} worker(s): publishing {len(posts):,} posts")
        started = time.perf_counter()
        await stream.publish(posts)
        self.published += len(posts)
        publishing = time.perf_counter() - started
        done = await self.wait_stored(top, len(posts), workers)
        await self.stop_workers(js)
        result = Throughput(count, len(posts), done - started)
        say.print(
            f"  {result.posts_per_s:,.0f} posts/s ({len(posts):,} stored in "
            f"{result.seconds:.1f} s; publishing took {publishing:.1f} s)"
        )
        return result

    async def latency(self, stream: JetStreamPosts, js: Any) -> Latency:
        count, rate = self.args.latency_workers, self.args.rate
        posts = phase_posts("l", round(rate * self.args.seconds), seed=7)
        top = self.scalar("SELECT max(id) FROM posts")
        workers = await self.start_workers(count, "latency", js)
        say.print(
            f"latency, {count} worker(s): offering {len(posts):,} posts at {rate:,.0f}/s "
            f"for {self.args.seconds:.0f} s"
        )
        findings_top = self.scalar("SELECT max(id) FROM findings")
        watch = FindingWatch(self.db_url, findings_top)
        watch.start()
        published_at: dict[str, float] = {}
        try:
            offered = await offer(stream, posts, rate, published_at)
            self.published += len(posts)
            last_publish = time.perf_counter()
            done = await self.wait_stored(top, len(posts), workers)
        finally:
            watch.finish()
        if watch.error is not None:
            raise BenchFailure(f"the latency reader failed: {watch.error}")
        await self.stop_workers(js)
        latencies = [
            (seen - published_at[post_id]) * 1000
            for post_id, seen in watch.seen.items()
            if post_id in published_at
        ]
        found = self.scalar("SELECT count(*) FROM findings WHERE id > %s", findings_top)
        if not latencies or len(latencies) != found:
            raise BenchFailure(f"{found} findings stored, {len(latencies)} seen by the reader")
        result = Latency(count, rate, len(posts), offered, done - last_publish, latencies)
        say.print(
            f"  p50 {result.percentile(50):,.0f} ms, p99 {result.percentile(99):,.0f} ms over "
            f"{len(latencies):,} findings; offered {result.achieved_rate:,.0f}/s, "
            f"stored the last {result.drained_s:.1f} s after the last publish"
        )
        return result

    def duplicated(self) -> int:
        posts = self.scalar("SELECT count(*) - count(DISTINCT (platform, external_id)) FROM posts")
        findings = self.scalar("SELECT count(*) - count(DISTINCT post_id) FROM findings")
        return posts + findings


class FindingWatch(threading.Thread):
    """Notes when each new finding's committed row is first visible to a reader.

    Ids come from a sequence but transactions commit out of order, so an id skipped over
    is asked for again until it shows up (or is given up as a gap)."""

    def __init__(self, db_url: str, top: int) -> None:
        super().__init__(daemon=True)
        self.db_url = db_url
        self.top = top
        self.missing: dict[int, float] = {}  # skipped id -> when first skipped
        self.seen: dict[str, float] = {}  # external id of the post -> when its finding showed
        self.error: BaseException | None = None
        self._done = threading.Event()

    def run(self) -> None:
        try:
            with psycopg.connect(self.db_url, autocommit=True) as conn:
                while not self._done.is_set():
                    self.look(conn)
                    self._done.wait(POLL)
                self.look(conn)
        except Exception as exc:  # reported by the bench after the phase
            self.error = exc

    def look(self, conn: psycopg.Connection[Any]) -> None:
        rows = conn.execute(
            "SELECT f.id, p.external_id FROM findings f JOIN posts p ON p.id = f.post_id "
            "WHERE f.id > %s OR f.id = ANY(%s::bigint[])",
            (self.top, list(self.missing)),
        ).fetchall()
        now = time.perf_counter()
        ids = set()
        for finding_id, external_id in rows:
            ids.add(finding_id)
            self.seen.setdefault(external_id, now)
            self.missing.pop(finding_id, None)
        highest = max(ids, default=self.top)
        for skipped in range(self.top + 1, highest):
            if skipped not in ids:
                self.missing[skipped] = now
        self.top = max(self.top, highest)
        for skipped, since in list(self.missing.items()):
            if now - since > GAP_GIVE_UP:
                del self.missing[skipped]

    def finish(self) -> None:
        self._done.set()
        self.join(timeout=30)


def phase_posts(prefix: str, count: int, seed: int) -> list[dict[str, Any]]:
    """Synthetic posts (about 5% illegal) with ids of their own phase."""
    posts = make_posts(count, seed=seed)
    for number, post in enumerate(posts):
        post["id"] = f"{prefix}-{number:07d}"
    return posts


async def offer(
    stream: JetStreamPosts,
    posts: list[dict[str, Any]],
    rate: float,
    published_at: dict[str, float],
) -> float:
    """Publish at `rate` posts a second on an even schedule; the seconds it took."""
    started = time.perf_counter()
    sent = 0
    while sent < len(posts):
        due = min(len(posts), int((time.perf_counter() - started) * rate) + 1)
        if due > sent:
            chunk = posts[sent:due]
            now = time.perf_counter()
            for post in chunk:
                published_at[post["id"]] = now
            await stream.publish(chunk)
            sent = due
        await asyncio.sleep(0.002)
    return time.perf_counter() - started


async def measure(bench: Bench) -> tuple[list[Throughput], Latency]:
    stream = await JetStreamPosts.connect(bench.nats_url, bench.names)
    connection = await nats.connect(bench.nats_url)
    js = connection.jetstream()
    try:
        throughputs = [await bench.throughput(stream, js, count) for count in (1, 2)]
        latency = await bench.latency(stream, js)
    finally:
        await connection.close()
        await stream.close()
    return throughputs, latency


def report(
    throughputs: list[Throughput], latency: Latency, published: int, stored: int, duplicated: int
) -> dict[str, Any]:
    one, two = throughputs
    return {
        "workers_1_posts_per_s": round(one.posts_per_s, 1),
        "workers_2_posts_per_s": round(two.posts_per_s, 1),
        "efficiency": round(two.posts_per_s / (2 * one.posts_per_s), 3),
        "p50_ms": round(latency.percentile(50), 1),
        "p99_ms": round(latency.percentile(99), 1),
        "published": published,
        "stored": stored,
        "duplicated": duplicated,
    }


def table(
    figures: dict[str, Any], throughputs: list[Throughput], latency: Latency, cores: int
) -> Table:
    view = Table(title=f"stream: publish -> stored, PostgreSQL + NATS JetStream, {cores} cores")
    view.add_column("measure")
    view.add_column("value", justify="right")
    view.add_column("note")
    for run in throughputs:
        view.add_row(
            f"{run.workers} worker{'s' if run.workers > 1 else ''}",
            f"{run.posts_per_s:,.0f} posts/s",
            f"{run.posts:,} posts in {run.seconds:.1f} s",
        )
    view.add_row("scaling efficiency", f"{figures['efficiency']:.2f}", "2-worker / (2 x 1-worker)")
    offered = f"at {latency.offered_rate:,.0f} posts/s offered, {latency.workers} workers"
    view.add_row("latency p50", f"{figures['p50_ms']:,.0f} ms", offered)
    view.add_row(
        "latency p99", f"{figures['p99_ms']:,.0f} ms", f"{len(latency.latencies_ms):,} findings"
    )
    view.add_row(
        "offered rate held",
        f"{latency.achieved_rate:,.0f} posts/s",
        f"last post stored {latency.drained_s:.1f} s after the last publish",
    )
    view.add_row(
        "published / stored / duplicated",
        f"{figures['published']:,} / {figures['stored']:,} / {figures['duplicated']}",
        "",
    )
    return view


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=20_000, help="posts per throughput run")
    parser.add_argument("--rate", type=float, default=2_000.0, help="offered posts/s (latency)")
    parser.add_argument("--seconds", type=float, default=15.0, help="latency phase length")
    parser.add_argument("--latency-workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=500, help="the workers' --batch")
    parser.add_argument("--stall", type=float, default=60.0, help="give up after this many s")
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "NETPATROL_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL URL allowed to create and drop databases",
    )
    parser.add_argument("--nats-server", default=shutil.which("nats-server") or "nats-server")
    parser.add_argument("--quick", action="store_true", help="2,000 posts a run, 4 s of latency")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.quick:
        args.posts, args.seconds = 2_000, 4.0
    if args.posts < 1 or args.rate <= 0 or args.seconds <= 0 or args.latency_workers < 1:
        parser.error("--posts, --rate, --seconds and --latency-workers must be positive")
    return args


def run(args: argparse.Namespace, work: Path) -> tuple[dict[str, Any], Callable[[], Table]]:
    with bench_database(args.pg) as db_url, nats_server(args.nats_server, work) as nats_url:
        bench = Bench(args, db_url, nats_url, work)
        try:
            say.print(f"database {db_url.rsplit('/', 1)[-1]}, NATS {nats_url}, logs in {work}")
            bench.init_schema()
            throughputs, latency = asyncio.run(measure(bench))
            stored = bench.scalar("SELECT count(*) FROM posts")
            figures = report(throughputs, latency, bench.published, stored, bench.duplicated())
        finally:
            bench.close()
    cores = os.cpu_count() or 0
    return figures, lambda: table(figures, throughputs, latency, cores)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    work = Path(tempfile.mkdtemp(prefix="netpatrol-stream-bench-"))
    try:
        figures, view = run(args, work)
    except BaseException as exc:
        say.print("[bold red]stream bench failed:[/]", escape(str(exc) or type(exc).__name__))
        for log in sorted(work.glob("*.log")):
            say.print(f"--- {log} (last {LOG_TAIL} lines)", markup=False)
            say.print(tail(log), markup=False)
        say.print(f"logs kept in {work}")
        if isinstance(exc, BenchFailure | KeyboardInterrupt):
            return 1
        raise
    shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(figures))
    else:
        Console().print(view())
    if figures["stored"] != figures["published"] or figures["duplicated"]:
        say.print("[bold red]stored differs from published, or some post was stored twice[/]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
