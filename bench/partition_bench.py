"""Retention of a month of inbox messages on PostgreSQL: the month's partition dropped
whole, against the same month's rows deleted in batches (what happens when one message of
the month is under legal hold, and on SQLite always). Rounds interleave the two on the
same database; the wall time of each retention run and the inbox's size on disk after it
are printed (the server does the work, so the client's CPU time says little here).

    .venv/bin/python bench/partition_bench.py [--messages 100000] [--rounds 3] [--json F]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.growth_bench import _database, _drop
from bench.inbox_bench import CHUNK, T0, _rows
from sqlalchemy import insert, text

from netpatrol import data
from netpatrol.adapters.db import migrate, partitions
from netpatrol.adapters.db.tables.inbox import InboxMessageRow
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.posts import Post
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.measures import graduated as measures
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import read_jsonl
from netpatrol.services.retention.run import run_retention

LATER = T0 + timedelta(days=800)  # the month of T0 is past the inbox's 730 days


def _held_clue(built: Container) -> int:
    """A clue with an open case: a message filed under it is under legal hold."""
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [p for _, p in read_jsonl(lines) if isinstance(p, Post)]
    clue = patrol_batch(built.uow(), posts, built.detection(), built.triage, built.clock).clues[0]
    bases = [built.catalogue.fitting(clue.category.value, "case")[0].code]
    request = measures.MeasureRequest(clue.id or 0, MeasureKind.CASE, "officer", bases, "立案")
    measures.open_measure(built.uow(), request, built.catalogue, built.clock)
    return clue.id or 0


def _load(built: Container, size: int, offset: int, held: int | None) -> None:
    with built.uow() as uow:
        units = [u for u in uow.units.all() if u.channel_accounts.get("weibo")][:5]
    accounts = [(u.id or 0, "weibo", u.channel_accounts["weibo"]) for u in units]
    with built.engine.begin() as conn:
        for start in range(0, size, CHUNK):
            rows = _rows(start, min(start + CHUNK, size), size, accounts)
            for row in rows:
                row["external_id"] = f"r{offset}-{row['external_id']}"
            if held is not None and start == 0:
                rows[0]["clue_id"] = held
            conn.execute(insert(InboxMessageRow.__table__), rows)
        partitions.ensure_months(conn, built.clock())  # as the timers worker does
        conn.execute(text("ANALYZE inbox_messages"))


def _retain(built: Container) -> tuple[float, int, int, int]:
    """(seconds, messages removed, partitions dropped, inbox bytes after)."""
    [rule] = [r for r in built.retention if r.data.value == "inbox"]
    began = time.perf_counter()
    [outcome] = run_retention(built.uow(), [rule], lambda: LATER, built.pseudonym_key())
    spent = time.perf_counter() - began
    with built.engine.connect() as conn:
        size = conn.scalar(
            text(
                "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits "
                "WHERE inhparent = to_regclass('inbox_messages')"
            )
        )
    dropped = outcome.batches if outcome.applied and outcome.batches == 1 else 0
    return spent, outcome.applied, dropped, int(size or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    figures: dict[str, list[Any]] = {"drop": [], "rows": []}
    with tempfile.TemporaryDirectory() as tmp:
        url, name = _database("postgresql", Path(tmp))
        try:
            built = bootstrap(Settings(database_url=url))
            migrate.upgrade(built.engine)
            load_units(built.uow(), units_from_data(data.load_json("units.json")), "b", built.clock)
            held = _held_clue(built)
            for r in range(args.rounds):
                for way in ("drop", "rows"):
                    keep = held if way == "rows" else None
                    _load(built, args.messages, 2 * r + (way == "rows"), keep)
                    spent, removed, dropped, size = _retain(built)
                    if way == "rows":  # the held message stays; clear it for the next round
                        with built.engine.begin() as conn:
                            conn.execute(InboxMessageRow.__table__.delete())
                    figures[way].append({"seconds": spent, "removed": removed, "size_after": size})
                    print(
                        f"round {r + 1} {way:4}: {removed:,} messages in {spent:.2f} s "
                        f"({removed / spent:,.0f}/s), inbox {size / 2**20:.1f} MiB after"
                        + (" (one partition dropped)" if dropped else ""),
                        flush=True,
                    )
            built.dispose()
        finally:
            _drop(name)
    drop = [f["seconds"] for f in figures["drop"]]
    rows = [f["seconds"] for f in figures["rows"]]
    ratios = [b / a for a, b in zip(drop, rows, strict=True)]
    summary = {
        "messages": args.messages,
        "rounds": args.rounds,
        "drop_seconds": {"median": statistics.median(drop), "min": min(drop), "max": max(drop)},
        "rows_seconds": {"median": statistics.median(rows), "min": min(rows), "max": max(rows)},
        "rows_over_drop": {
            "median": statistics.median(ratios),
            "min": min(ratios),
            "max": max(ratios),
        },
        "rounds_detail": figures,
    }
    print(
        f"drop a month: median {summary['drop_seconds']['median']:.2f} s; delete its rows: "
        f"median {summary['rows_seconds']['median']:.2f} s; rows/drop "
        f"{summary['rows_over_drop']['median']:.0f}x "
        f"({summary['rows_over_drop']['min']:.0f}-{summary['rows_over_drop']['max']:.0f})"
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
