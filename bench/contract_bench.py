"""The API's contract test (tests/contract) with many more examples per operation than
`make test` runs, every schemathesis check on; prints and writes a JSON summary.

    .venv/bin/python bench/contract_bench.py [--examples 300] [--json contract.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per operation")
    parser.add_argument("--json", type=Path, help="write the summary here too")
    args = parser.parse_args()
    env = {**os.environ, "NETPATROL_CONTRACT_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/contract", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    tail = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|error)", tail)}
    summary = {
        "examples_per_operation": args.examples,
        "operations_passed": counts.get("passed", 0),
        "operations_failed": counts.get("failed", 0) + counts.get("error", 0),
        "seconds": round(time.perf_counter() - started, 1),
    }
    if run.returncode:
        print(run.stdout[-6000:], file=sys.stderr)
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
