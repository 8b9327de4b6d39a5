"""Which Aho-Corasick library to match the lexicon with: ahocorasick_rs or pyahocorasick.

    .venv/bin/python bench/automata_bench.py [--posts 50000] [--data ../shared/data/dev]

Both scan the same posts (normalised, as the engine does) with the engine's own lexicon
in the same run, finding every overlapping match; the output is posts/s for each and the
ratio. ahocorasick_rs is the one the engine uses.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import ahocorasick
import ahocorasick_rs

from netpatrol.bootstrap import build_normaliser, lexicon_documents
from netpatrol.detect.benchmark import realistic_posts
from netpatrol.detect.dataset import load_labelled
from netpatrol.detect.lexicon import LexiconDetector


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/dev"))
    args = parser.parse_args()
    documents = lexicon_documents()
    normaliser = build_normaliser(documents)
    terms = [t.term for t in LexiconDetector(documents, normaliser).terms]
    posts = realistic_posts(load_labelled(args.data), args.posts, illegal_share=0.02)
    texts = [n.compact for n in normaliser.normalise_many(posts)]

    rs = ahocorasick_rs.AhoCorasick(terms)
    py = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        py.add_word(term, index)
    py.make_automaton()

    started = time.perf_counter()
    rs_hits = sum(len(rs.find_matches_as_indexes(t, overlapping=True)) for t in texts)
    rs_rate = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    py_hits = sum(1 for t in texts for _ in py.iter(t))
    py_rate = len(texts) / (time.perf_counter() - started)
    print(
        json.dumps(
            {
                "posts": len(texts),
                "terms": len(terms),
                "ahocorasick_rs_posts_per_s": round(rs_rate),
                "pyahocorasick_posts_per_s": round(py_rate),
                "ratio_rs_to_py": round(rs_rate / py_rate, 2),
                "same_hits": rs_hits == py_hits,
            }
        )
    )


if __name__ == "__main__":
    main()
