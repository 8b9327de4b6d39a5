"""Units (M1): the matrix of jurisdictions, each with public accounts per channel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class UnitLevel(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"


@dataclass
class Unit:
    code: str
    name: str
    level: UnitLevel
    parent_code: str | None
    region_codes: list[str]
    among_first_50: bool
    channel_accounts: dict[str, str] = field(default_factory=dict)
    full_name: str = ""
    id: int | None = None


class Jurisdictions:
    """Answers 'which unit is responsible for this place' over the unit hierarchy."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._by_code: dict[str, Unit] = {u.code: u for u in units}
        nationals = [u for u in self._by_code.values() if u.level is UnitLevel.NATIONAL]
        if len(nationals) != 1:
            raise ValueError("the unit matrix needs exactly one national unit")
        self.national = nationals[0]

    def route(self, region: str | None) -> Unit:
        """The nearest active unit for a declared region; the national desk when unknown.

        The most specific place named wins (a city over its province), with or without
        separators ('广东 深圳', '广东省深圳市'); a place whose unit is not yet active
        falls to its nearest active ancestor.
        """
        place = (region or "").strip()
        found: Unit | None = None
        if place:
            for unit in self._by_code.values():
                named = unit.level is not UnitLevel.NATIONAL and unit.name in place
                if named and (found is None or _depth(unit) > _depth(found)):
                    found = unit
        if found is None:
            return self.national
        return self.active_ancestor(found)

    def active_ancestor(self, unit: Unit) -> Unit:
        current: Unit | None = unit
        while current is not None and not current.among_first_50:
            if current.level is UnitLevel.NATIONAL:
                return current
            current = self._by_code.get(current.parent_code or "")
        return current or self.national


def _depth(unit: Unit) -> int:
    return {UnitLevel.NATIONAL: 0, UnitLevel.PROVINCE: 1, UnitLevel.CITY: 2}[unit.level]
