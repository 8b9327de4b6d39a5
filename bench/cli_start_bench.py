"""How fast the command line starts: `netpatrol --help` next to `python -c pass`.

    .venv/bin/python bench/cli_start_bench.py [--rounds 9]

The two run interleaved, round after round, each as a fresh process; prints the median
and range of wall time and of the child's CPU time (user + system) for each, the ratio of
the medians, and writes them to artefacts/cli_start_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ARTEFACTS = Path(__file__).parents[1] / "artefacts"
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "netpatrol --help": [sys.executable, "-m", "netpatrol", "--help"],
}


def once(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child)."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpus: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # a first run warms the bytecode cache
        once(command)
    for _ in range(args.rounds):
        for name, command in COMMANDS.items():
            wall, cpu = once(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    result = {
        name: {"wall_s": summary(walls[name]), "cpu_s": summary(cpus[name])} for name in COMMANDS
    }
    base, cli = (statistics.median(walls[n]) for n in COMMANDS)
    result["rounds"] = args.rounds  # type: ignore[assignment]
    result["ratio_wall"] = round(cli / base, 1)  # type: ignore[assignment]
    for name in COMMANDS:
        w, c = result[name]["wall_s"], result[name]["cpu_s"]
        print(
            f"{name:18} wall median {w['median']:.3f} s (range {w['min']:.3f}-{w['max']:.3f}), "
            f"CPU median {c['median']:.3f} s (range {c['min']:.3f}-{c['max']:.3f})"
        )
    print(f"netpatrol --help takes {result['ratio_wall']}x the wall time of python -c pass")
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "cli_start_bench.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
