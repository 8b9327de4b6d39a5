"""The README's table of texts that talk about a crime and texts that commit one: each row's
verdict is what the shipped engine says of its post."""

from __future__ import annotations

from pathlib import Path

import pytest

from netpatrol.bootstrap import build_detection
from netpatrol.detect.pipeline import Engine

README = Path(__file__).resolve().parents[2] / "README.md"
HEADER = "| post | verdict | why |"
SEVERITIES = {"low", "medium", "high", "critical"}


def _rows() -> list[tuple[str, str]]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(HEADER) + 2  # past the header and its rule
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        post, verdict, _why = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((post, verdict))
    return rows


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


def test_the_readme_has_its_table_of_examples() -> None:
    assert len(_rows()) >= 10


@pytest.mark.parametrize(("post", "verdict"), _rows())
def test_each_example_gets_the_verdict_the_readme_gives(
    engine: Engine, post: str, verdict: str
) -> None:
    category, *notes = (part.strip() for part in verdict.split(","))
    [seen] = engine.run([post])
    assert seen.category.value == category, (seen.category, seen.context)
    for note in notes:
        if note == "finding":
            assert seen.is_finding
        elif note in SEVERITIES:
            assert seen.severity is not None and seen.severity.value == note
        elif note.startswith("context "):
            assert seen.context == note.removeprefix("context ")
        else:
            raise AssertionError(f"unknown note in the README's verdict: {note}")
