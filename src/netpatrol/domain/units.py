"""Units (M1): the matrix of jurisdictions, each with public accounts per channel."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


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


def region_tokens(region: str) -> list[str]:
    """Split a declared region such as '广东省 深圳市' into bare place names."""
    tokens = []
    for raw in region.replace(",", " ").replace("，", " ").replace("·", " ").split():
        token = raw
        for suffix in REGION_SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix) + 1:
                token = token[: -len(suffix)]
                break
        tokens.append(token)
    return tokens


class Jurisdictions:
    """Answers 'which unit is responsible for this place' over the unit hierarchy."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._by_code: dict[str, Unit] = {u.code: u for u in units}
        self._by_name: dict[str, Unit] = {u.name: u for u in self._by_code.values()}
        nationals = [u for u in self._by_code.values() if u.level is UnitLevel.NATIONAL]
        if len(nationals) != 1:
            raise ValueError("the unit matrix needs exactly one national unit")
        self.national = nationals[0]

    @property
    def by_code(self) -> Mapping[str, Unit]:
        return self._by_code

    def route(self, region: str | None) -> Unit:
        """The nearest active unit for a declared region; the national desk when unknown.

        The most specific place named wins (a city over its province); a place whose
        unit is not yet active falls to its nearest active ancestor.
        """
        found: Unit | None = None
        for token in region_tokens(region or ""):
            unit = self._by_name.get(token)
            if unit is not None and (found is None or _depth(unit) > _depth(found)):
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

    def ancestors(self, unit: Unit) -> list[Unit]:
        chain = []
        current = self._by_code.get(unit.parent_code or "")
        while current is not None:
            chain.append(current)
            current = self._by_code.get(current.parent_code or "")
        return chain


def _depth(unit: Unit) -> int:
    return {UnitLevel.NATIONAL: 0, UnitLevel.PROVINCE: 1, UnitLevel.CITY: 2}[unit.level]
