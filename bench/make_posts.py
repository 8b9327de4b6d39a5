"""Write N synthetic posts (about 5% illegal) as JSON Lines, for timing `netpatrol patrol`.

python bench/make_posts.py 10000 > /tmp/posts.jsonl
time netpatrol patrol /tmp/posts.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import make_posts


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for row in make_posts(count):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
