"""Throughput of the whole engine against a bare lexicon scan, measured in one run."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ahocorasick_rs
from threadpoolctl import threadpool_limits

from netpatrol.detect.dataset import Labelled
from netpatrol.detect.lexicon import LexiconDetector
from netpatrol.detect.pipeline import Engine

MIN_CHARS, MAX_CHARS = 20, 300


def realistic_posts(
    rows: Sequence[Labelled], count: int, illegal_share: float, ad_share: float = 0.1, seed: int = 1
) -> list[str]:
    """Posts of 20-300 characters: `illegal_share` open with an illegal text, `ad_share`
    with an advertisement, the rest with ordinary text; each is filled up to its length
    with ordinary text (comments and microblog posts)."""
    rng = random.Random(seed)
    ordinary = [r.text for r in rows if r.category == "normal"]
    ads = [r.text for r in rows if r.category == "ad"] or ordinary
    illegal = [r.text for r in rows if r.category not in ("normal", "ad")]
    if not ordinary or not illegal:
        raise ValueError("the benchmark needs both ordinary and illegal labelled rows")
    posts = []
    for _ in range(count):
        target = rng.randint(MIN_CHARS, MAX_CHARS)
        draw = rng.random()
        pool = (
            illegal
            if draw < illegal_share
            else ads
            if draw < illegal_share + ad_share
            else ordinary
        )
        text = rng.choice(pool)
        while len(text) < target:
            text += "，" + rng.choice(ordinary)
        posts.append(text[:MAX_CHARS])
    return posts


@dataclass(frozen=True)
class BenchResult:
    posts: int
    engine_posts_per_s: float
    bare_scan_posts_per_s: float

    @property
    def ratio(self) -> float:
        return self.engine_posts_per_s / self.bare_scan_posts_per_s

    def as_dict(self) -> dict[str, float | int]:
        return {
            "posts": self.posts,
            "engine_posts_per_s": round(self.engine_posts_per_s),
            "bare_scan_posts_per_s": round(self.bare_scan_posts_per_s),
            "ratio": round(self.ratio, 4),
        }


def run_bench(
    engine: Engine,
    posts: Sequence[str],
    batch_size: int = 1000,
    progress: Callable[[int], None] = lambda _: None,
) -> BenchResult:
    """One core: numpy and BLAS are held to one thread while timing."""
    lexicon = next(d for d in engine.registry if isinstance(d, LexiconDetector))
    automaton = ahocorasick_rs.AhoCorasick([t.term for t in lexicon.terms])
    with threadpool_limits(1):
        engine.run(posts[:batch_size])  # warm caches and lazy tables outside the timing
        started = time.perf_counter()
        for i in range(0, len(posts), batch_size):
            engine.run(posts[i : i + batch_size])
            progress(min(i + batch_size, len(posts)))
        engine_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for text in posts:
            automaton.find_matches_as_indexes(text, overlapping=True)
        bare_seconds = time.perf_counter() - started
    return BenchResult(len(posts), len(posts) / engine_seconds, len(posts) / bare_seconds)
