"""The command line starts fast: importing it loads no machine learning, segmentation,
web or database library; those load inside the commands that use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from netpatrol.cli import retention
from netpatrol.services.retention import run

HEAVY = ("sklearn", "numpy", "scipy", "jieba", "pypinyin", "fastapi", "sqlalchemy", "alembic")


def test_importing_the_cli_loads_no_heavy_library() -> None:
    probe = (
        "import json, sys, netpatrol.cli; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_help_lists_the_commands_within_a_second_of_cpu() -> None:
    before = os.times()
    done = subprocess.run(
        [sys.executable, "-m", "netpatrol", "--help"], capture_output=True, text=True, check=False
    )
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    assert done.returncode == 0
    for command in ("init", "patrol", "serve", "user", "legal", "worker"):
        assert command in done.stdout
    assert cpu < 1.0


def test_the_retention_default_batch_is_the_services() -> None:
    assert retention.BATCH == run.BATCH
