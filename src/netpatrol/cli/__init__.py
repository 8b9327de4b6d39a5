"""The command line: each command translates its arguments into a service call."""

import atexit
import gc

from netpatrol.cli import (
    agencies,
    assist,
    core,
    evidence,
    exports,
    inbox,
    indicators,
    legal,
    patrol,
    quality,
    retention,
    rumours,
    storage,
    users,
    workers,
)
from netpatrol.cli.common import EXIT_ERROR, EXIT_REJECTED, app

__all__ = [
    "EXIT_ERROR",
    "EXIT_REJECTED",
    "agencies",
    "app",
    "assist",
    "core",
    "evidence",
    "exports",
    "inbox",
    "indicators",
    "legal",
    "main",
    "patrol",
    "quality",
    "retention",
    "rumours",
    "storage",
    "users",
    "workers",
]


def main() -> None:
    # Frozen at exit, the objects the command made are not traced once more by the
    # collector as the interpreter shuts down: half a second of a patrol --jobs command's
    # exit, whose process never built an engine (whose build freezes what it holds). Its
    # files and database work are closed and committed by then.
    atexit.register(gc.freeze)
    app()
