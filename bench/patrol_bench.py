"""Posts per second on one core: the whole detection engine against a bare lexicon scan.

    .venv/bin/python bench/patrol_bench.py [--posts 100000] [--data ../shared/data/dev] [--json]

The same as `netpatrol bench`. Both rates are measured in the same run on the same
100,000 realistic posts (20-300 characters, about 2% illegal), so their ratio holds on a
noisy machine where absolute rates do not.
"""

from netpatrol.cli import app

if __name__ == "__main__":
    app(["bench", *__import__("sys").argv[1:]])
