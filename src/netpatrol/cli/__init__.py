"""The command line: each command translates its arguments into a service call."""

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
    "users",
    "workers",
]


def main() -> None:
    app()
