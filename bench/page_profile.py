"""Where the time of the console's largest pages goes: each SQL statement (count, total and
slowest time), the template rendering, and the rest, over rounds of the pages that
`page_bench.py` times, on a database it fills the same way.

    .venv/bin/python bench/page_profile.py [--size 100000] [--db sqlite|postgresql]
        [--rounds 5] [--keep NAME] [--top 12]

With `--keep NAME` the database (a file in the temporary folder, or a PostgreSQL database
of that name) is kept after the run and reused by the next run with the same name, so a
change can be profiled again without filling a large database anew; migrations still run.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.page_bench import large_pages, page_options
from sqlalchemy import event

from netpatrol.web.console import common


class Tally:
    """SQL statements and template renderings seen while a page is requested."""

    def __init__(self) -> None:
        self.sql: dict[str, list[float]] = defaultdict(list)
        self.render: list[float] = []

    def clear(self) -> None:
        self.sql.clear()
        self.render.clear()


def _shape(statement: str) -> str:
    """The statement without its literal lists, so IN (?, ?, ...) groups as one."""
    flat = " ".join(statement.split())
    return re.sub(r"\((?:\s*(?:\?|%\(\w+\)s|__\[POSTCOMPILE_\w+\]),?\s*)+\)", "(…)", flat)


def _hook(engine: Any, tally: Tally) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        spent = time.perf_counter() - conn.info["started"].pop()
        tally.sql[_shape(statement)].append(spent)

    original = common.templates.TemplateResponse

    def timed(*args: Any, **kwargs: Any) -> Any:  # CPU of the rendering thread: less noisy
        start = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            tally.render.append(time.thread_time() - start)

    common.templates.TemplateResponse = timed  # type: ignore[method-assign]


def main() -> None:
    parser = page_options(__doc__, rounds=5)
    parser.add_argument("--top", type=int, default=12, help="statements shown per page")
    parser.add_argument("--cprofile", action="store_true", help="and the slowest functions")
    args = parser.parse_args()
    with large_pages(args) as (built, client, pages):
        tally = Tally()
        _hook(built.engine, tally)
        for page, path in pages.items():
            _profile(client, page, path, args.rounds, args.top, tally)
            if args.cprofile:
                _functions(client, path, args.rounds, args.top)


def _profile(client: Any, page: str, path: str, rounds: int, top: int, tally: Tally) -> None:
    walls, cpus = [], []
    tally.clear()
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (path, response.status_code)
    sql_total = sum(sum(t) for t in tally.sql.values()) / rounds
    render = sum(tally.render) / rounds
    count = sum(len(t) for t in tally.sql.values()) / rounds
    print(
        f"\n== {page} ({path}): wall median {statistics.median(walls) * 1000:.1f} ms, "
        f"CPU median {statistics.median(cpus) * 1000:.1f} ms, {len(response.content) / 1024:.0f}"
        f" KB; per request: {count:.0f} statements, {sql_total * 1000:.1f} ms SQL, "
        f"{render * 1000:.1f} ms template CPU"
    )
    ranked = sorted(tally.sql.items(), key=lambda kv: -sum(kv[1]))
    for statement, spent in ranked[:top]:
        print(
            f"  {sum(spent) / rounds * 1000:7.1f} ms  x{len(spent) / rounds:<4.0f} "
            f"max {max(spent) * 1000:6.1f}  {statement[:220]}"
        )


def _functions(client: Any, path: str, rounds: int, top: int) -> None:
    """The slowest functions of the request, profiled in the worker threads that run the
    endpoint and its dependencies (TestClient serves from another thread)."""
    import cProfile
    import io
    import pstats

    import fastapi.dependencies.utils as deps
    import fastapi.routing as routing

    profiler = cProfile.Profile()
    originals = (routing.run_in_threadpool, deps.run_in_threadpool)

    async def profiled(func: Any, *args: Any, **kwargs: Any) -> Any:
        return await originals[0](profiler.runcall, func, *args, **kwargs)

    routing.run_in_threadpool = deps.run_in_threadpool = profiled  # type: ignore[assignment]
    try:
        for _ in range(rounds):
            client.get(path)
    finally:
        routing.run_in_threadpool, deps.run_in_threadpool = originals
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top * 3)
    print("\n".join(out.getvalue().splitlines()[-top * 3 - 2 :]))


if __name__ == "__main__":
    main()
