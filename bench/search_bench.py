"""How long a search takes when the tables are large: N posts (one clue per 10 posts,
spread over the city units), searched as a city officer and as the national desk for a
two-character word (below a trigram), a longer phrase, an author and a word found nowhere.
Prints the median, p95 and range of wall time per search (every kind at once).

    .venv/bin/python bench/search_bench.py [--size 100000] [--db sqlite|postgresql] [--rounds 10]

The database is filled through the repositories (posts, clues, findings), so the search
indexes are kept by the same triggers and indexes as in use.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.growth_bench import _database, _drop
from tests.factories import BENIGN, CITIES, ILLEGAL

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.adapters.db.maintenance import analyse
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.users import Visibility
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.search.search import search

T0 = datetime(2026, 11, 1, tzinfo=UTC)
CHUNK = 2000
TERMS = {
    "two characters": "赌场",
    "phrase": "百家乐稳赚不赔",
    "author": "网友4242",
    "none": "不存在的词",
}


def _fill(built: Container, size: int) -> list[int]:
    rng = random.Random(7)
    with built.uow() as uow:
        units = [u.id or 0 for u in uow.units.all() if u.level.value == "city"]
    for start in range(0, size, CHUNK):
        with built.uow() as uow:
            posts = []
            for i in range(start, min(start + CHUNK, size)):
                text = rng.choice(ILLEGAL if i % 10 == 0 else BENIGN).format(
                    city=rng.choice(CITIES), qq=rng.randrange(10**8, 10**9), n=i
                )
                author = Author(f"u{i}", f"网友{i}", "")
                posts.append(Post(Platform.WEIBO, f"p{i}", author, text, T0 + timedelta(seconds=i)))
            uow.posts.add_many(posts)
            clues = [
                Clue(
                    rng.choice(units),
                    Category.GAMBLING,
                    Severity.HIGH,
                    p.id or 0,
                    1,
                    SharingLevel.UNIT,
                    T0,
                    T0,
                )
                for p in posts[::10]
            ]
            uow.clues.add_many(clues)
            uow.findings.add_many(
                [
                    Finding(
                        Category.GAMBLING, 0.9, Severity.HIGH, [], "bench", "1", p.id, clue.id, T0
                    )
                    for n, p in enumerate(posts)
                    for clue in [clues[n // 10]]
                ]
            )
            uow.commit()
    return units


def _time(built: Container, seen: Visibility, terms: str, rounds: int) -> list[float]:
    took = []
    for _ in range(rounds):
        start = time.perf_counter()
        search(built.uow(), terms, seen)
        took.append(time.perf_counter() - start)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp())
    url, name = _database(args.db, workdir)
    try:
        built = bootstrap(Settings(database_url=url))
        migrate.upgrade(built.engine)
        load_units(built.uow(), units_from_data(data.load_json("units.json")), "b", built.clock)
        started = time.perf_counter()
        units = _fill(built, args.size)
        filled = time.perf_counter() - started
        analyse(built.engine)
        figures: dict[str, object] = {"db": args.db, "posts": args.size, "fill_s": filled}
        readers = {"city": Visibility(frozenset({units[0]}), frozenset()), "national": None}
        for reader, seen in readers.items():
            for label, terms in TERMS.items():
                took = sorted(
                    _time(built, seen or Visibility(None, frozenset()), terms, args.rounds)
                )
                row = {
                    "median_ms": round(statistics.median(took) * 1000, 1),
                    "p95_ms": round(took[int(0.95 * (len(took) - 1))] * 1000, 1),
                    "range_ms": [round(took[0] * 1000, 1), round(took[-1] * 1000, 1)],
                }
                figures[f"{reader}/{label}"] = row
                print(f"{args.db} {args.size} posts, {reader:8} {label:15} {row}")
        built.dispose()
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    finally:
        _drop(name)


if __name__ == "__main__":
    main()
