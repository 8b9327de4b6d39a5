"""Posts per second on one core: the whole detection engine against a bare lexicon scan,
interleaved round by round on the same posts and timed in CPU time, so that what other
processes do to the machine falls on both alike (wall-clock rates are printed too).

    .venv/bin/python bench/patrol_bench.py [--posts 100000] [--rounds 5] [--json]
        [--data ../shared/data/dev]

Each round times the engine and then the bare `ahocorasick_rs` scan over the same slice
of the corpus (realistic posts of 20-300 characters, about 2% illegal); it prints the
median and range over rounds of both rates and of their ratio. `netpatrol bench` times
one pass of each instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import ahocorasick_rs
from threadpoolctl import threadpool_limits

from netpatrol.bootstrap import build_detection
from netpatrol.detect.benchmark import realistic_posts
from netpatrol.detect.dataset import load_labelled
from netpatrol.detect.lexicon import LexiconDetector

BATCH = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/dev"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus = realistic_posts(load_labelled(args.data), args.posts, illegal_share=0.02)
    engine = build_detection()
    lexicon = next(d for d in engine.registry if isinstance(d, LexiconDetector))
    automaton = ahocorasick_rs.AhoCorasick([t.term for t in lexicon.terms])
    size = len(corpus) // args.rounds
    rates: dict[str, list[float]] = {
        "engine": [],
        "bare": [],
        "ratio": [],
        "engine_wall": [],
        "bare_wall": [],
    }
    with threadpool_limits(1):
        engine.run(corpus[:BATCH])  # warm caches and lazy tables outside the timing
        for r in range(args.rounds):
            part = corpus[r * size : (r + 1) * size]
            started, wall = time.process_time(), time.perf_counter()
            for i in range(0, len(part), BATCH):
                engine.run(part[i : i + BATCH])
            engine_rate = len(part) / (time.process_time() - started)
            rates["engine_wall"].append(len(part) / (time.perf_counter() - wall))
            started, wall = time.process_time(), time.perf_counter()
            for text in part:
                automaton.find_matches_as_indexes(text, overlapping=True)
            bare_rate = len(part) / max(time.process_time() - started, 1e-9)
            rates["bare_wall"].append(len(part) / max(time.perf_counter() - wall, 1e-9))
            rates["engine"].append(engine_rate)
            rates["bare"].append(bare_rate)
            rates["ratio"].append(engine_rate / bare_rate)
    summary = {
        k: {"median": statistics.median(v), "min": min(v), "max": max(v)} for k, v in rates.items()
    }
    if args.json:
        print(json.dumps({"posts": size * args.rounds, "rounds": args.rounds, **summary}))
        return
    for name, figures in summary.items():
        unit = {"ratio": "", "engine_wall": " posts/s (wall)", "bare_wall": " posts/s (wall)"}.get(
            name, " posts/s (CPU)"
        )
        print(
            f"{name:6} median {figures['median']:,.3f}{unit}, "
            f"range {figures['min']:,.3f}-{figures['max']:,.3f} over {args.rounds} rounds"
        )


if __name__ == "__main__":
    main()
