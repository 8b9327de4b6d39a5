"""What several units share about one clue: its participants (参与单位), the units whose
jurisdiction it touches, and its thread of internal notes (内部批注)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.units import Jurisdictions, Unit, UnitLevel

MAX_NOTE = 2000


@dataclass(frozen=True)
class Participant:
    """A unit that reads the clue, comments in its thread and sees its measures, without
    working it; `reason` says why it takes part."""

    clue_id: int
    unit_id: int
    reason: str
    since: datetime


@dataclass(frozen=True)
class ClueNote:
    clue_id: int
    unit_id: int
    author: str
    text: str
    created_at: datetime
    id: int | None = None


def bounded_text(text: str, what: str, rule: str, limit: int = MAX_NOTE) -> str:
    """The text without its surrounding blanks; empty or longer than `limit` is refused."""
    cleaned = text.strip()
    if not cleaned:
        raise RuleViolation(f"{what} needs text", rule=rule, zh="内容不能为空")
    if len(cleaned) > limit:
        raise RuleViolation(
            f"{what} is at most {limit} characters", rule=rule, zh=f"内容不能超过 {limit} 字"
        )
    return cleaned


def note_text(text: str) -> str:
    return bounded_text(text, "a note", "clue.note_text")


def units_touched(units: Sequence[Unit], places: Iterable[str]) -> list[Unit]:
    """The active units whose jurisdiction these texts name (a region, a post's text, a
    reporter's region): each named place goes to its nearest active unit; a province named
    only as part of a city's name ('广东深圳') is not counted on its own."""
    jurisdictions = Jurisdictions(units)
    by_code = {u.code: u for u in units}
    named: dict[str, Unit] = {}
    for place in places:
        if not place:
            continue
        for unit in units:
            if unit.level is not UnitLevel.NATIONAL and unit.name and unit.name in place:
                named[unit.code] = unit
    implied = {
        unit.parent_code
        for unit in named.values()
        if unit.parent_code in named and unit.level is UnitLevel.CITY
    }
    found: dict[str, Unit] = {}
    for code in named:
        if code in implied:
            continue
        target = jurisdictions.active_ancestor(by_code[code])
        if target.level is not UnitLevel.NATIONAL:
            found[target.code] = target
    return sorted(found.values(), key=lambda u: u.code)
