"""How fast `netpatrol audit verify` checks the chain: entries/s over a large log.

    .venv/bin/python bench/audit_bench.py [--entries 200000] [--database-url URL]

Fills an empty database (default: a fresh SQLite file) with a chain of read and change
entries like the console writes, then runs the verifier several times and prints the
median and range of entries/s, and writes them to artefacts/audit_bench.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from netpatrol.adapters.db import migrate
from netpatrol.adapters.db.tables.core import AuditRow
from netpatrol.bootstrap import bootstrap
from netpatrol.config import Settings
from netpatrol.domain.audit import GENESIS_HASH, AuditEntry
from netpatrol.services.oversight.checkpoints import verify_chain

START = datetime(2026, 11, 30, tzinfo=UTC)


def fill(container, count: int) -> None:  # type: ignore[no-untyped-def]
    prev, key, rows = GENESIS_HASH, container.audit_keys.hmac_key, []
    for i in range(count):
        entry = AuditEntry(
            f"officer{i % 50}",
            "clue.read" if i % 3 else "measure.moved",
            "clue",
            str(i),
            START + timedelta(seconds=i),
            before=None if i % 3 else {"status": "sent"},
            after={"fields": ["text", "author"]} if i % 3 else {"status": "confirmed"},
            reason="" if i % 3 else "平台已确认删除",
        )
        entry.seal(prev, key)
        prev = entry.hash
        rows.append(
            {
                c: getattr(entry, c)
                for c in (
                    "at",
                    "actor",
                    "unit_id",
                    "action",
                    "subject_type",
                    "subject_id",
                    "before",
                    "after",
                    "reason",
                    "prev_hash",
                    "hash",
                )
            }
        )
        if len(rows) == 10_000:
            with container.engine.begin() as conn:
                conn.execute(insert(AuditRow), rows)
            rows = []
    if rows:
        with container.engine.begin() as conn:
            conn.execute(insert(AuditRow), rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="netpatrol-audit-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'audit.db'}"
    container = bootstrap(Settings(database_url=url, checkpoint_dir=str(folder / "cp")))
    migrate.upgrade(container.engine)
    fill(container, args.entries)
    rates, cpu_rates = [], []
    for _ in range(args.rounds):
        report = verify_chain(container.uow(), container.audit_keys)
        assert report.intact and report.checked == args.entries, report.problem
        rates.append(report.rate)
        cpu_rates.append(report.cpu_rate)
    container.dispose()
    result = {
        "entries": args.entries,
        "backend": url.split(":", 1)[0],
        "entries_per_s_median": round(statistics.median(rates)),
        "entries_per_s_range": [round(min(rates)), round(max(rates))],
        "entries_per_cpu_s_median": round(statistics.median(cpu_rates)),
        "entries_per_cpu_s_range": [round(min(cpu_rates)), round(max(cpu_rates))],
    }
    print(json.dumps(result))
    Path("artefacts").mkdir(exist_ok=True)
    Path("artefacts/audit_bench.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
