"""Indicators shared within a unit or a province, matched once a post's clue is known.

The detection engine matches nationally shared indicators on every post. An indicator a
unit keeps to itself, or to its province, is evidence only on clues that unit (or a unit
of that province) owns or takes part in; so it is matched here, after routing, and adds its
evidence to the finding of the post it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from netpatrol.detect.indicators import Indicator, IndicatorStore
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Evidence, Finding
from netpatrol.domain.indicators import KnownIndicator, matched_on_clue
from netpatrol.domain.units import Unit, UnitLevel
from netpatrol.services.ports import UnitOfWork

DETECTOR = "indicators"


def clue_units(uow: UnitOfWork, clue: Clue) -> set[int]:
    """The units a clue's narrowly shared indicators are matched for: its owner and the
    units that take part in it."""
    return {clue.unit_id, *(p.unit_id for p in uow.participants.for_clue(clue.id or 0))}


def add_scoped_evidence(
    uow: UnitOfWork,
    matches: Sequence[tuple[Finding, Clue, Sequence[Indicator]]],
    now: datetime,
) -> int:
    """Add to each finding the evidence of the unit- and province-level indicators in force
    that its post names and its clue's units may match; how many were added."""
    values = {i.value for _, _, found in matches for i in found}
    if not values:
        return 0
    scoped = [
        i
        for i in uow.indicators.with_values(values)
        if i.in_force(now) and i.sharing_level is not SharingLevel.NATIONAL
    ]
    if not scoped:
        return 0
    province_of = _provinces(uow.units.all())
    added = 0
    for finding, clue, found in matches:
        units = clue_units(uow, clue)
        usable = [i for i in scoped if matched_on_clue(i, units, province_of.get)]
        added += _add(finding, found, usable)
    return added


def _add(finding: Finding, found: Sequence[Indicator], usable: list[KnownIndicator]) -> int:
    if not usable:
        return 0
    store = IndicatorStore([(i.kind, i.value, i.category.value) for i in usable])
    added = 0
    for indicator in found:
        if store.match(indicator) is None:
            continue
        ref = f"{indicator.kind.value}:{indicator.value}"
        if any(e.detector == DETECTOR and e.rule == ref for e in finding.evidence):
            continue
        finding.evidence.append(
            Evidence(indicator.start, indicator.end, indicator.value, DETECTOR, ref)
        )
        added += 1
    return added


def _provinces(units: Sequence[Unit]) -> dict[int, int]:
    """unit id -> the id of the province it lies in (a province is its own)."""
    by_code = {u.code: u for u in units}
    found: dict[int, int] = {}
    for unit in units:
        walk: Unit | None = unit
        while walk is not None and walk.level is not UnitLevel.PROVINCE:
            walk = by_code.get(walk.parent_code or "")
        if unit.id is not None and walk is not None and walk.id is not None:
            found[unit.id] = walk.id
    return found
