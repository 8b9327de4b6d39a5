"""Who acts on an assistance request, for which unit, and which side of it they are on."""

from __future__ import annotations

from dataclasses import dataclass

from netpatrol.domain.assistance import AssistanceRequest
from netpatrol.domain.errors import NotFound
from netpatrol.domain.units import UnitLevel
from netpatrol.domain.users import Visibility, units_below
from netpatrol.services.ports import UnitOfWork


@dataclass(frozen=True)
class Acting:
    """`units`: the units whose requests the actor handles (their unit and those below it;
    the national desk handles its own); `seen`: the clues they may see."""

    name: str
    unit_id: int
    units: frozenset[int]
    seen: Visibility

    def asked_side(self, request: AssistanceRequest) -> bool:
        return request.to_unit_id in self.units

    def asking_side(self, request: AssistanceRequest) -> bool:
        return request.from_unit_id in self.units

    def involved(self, request: AssistanceRequest) -> bool:
        return self.asked_side(request) or self.asking_side(request)


def acting(name: str, unit_id: int, seen: Visibility) -> Acting:
    units = seen.own if seen.own is not None else frozenset({unit_id})
    return Acting(name, unit_id, units, seen)


def acting_for_unit(uow: UnitOfWork, name: str, unit_code: str) -> Acting:
    """An actor of the command line, on behalf of a unit and the units below it."""
    with uow:
        units = uow.units.all()
    home = next((u for u in units if u.code == unit_code), None)
    if home is None or home.id is None:
        raise NotFound(f"unit {unit_code} does not exist")
    if home.level is UnitLevel.NATIONAL:
        return acting(name, home.id, Visibility(None, frozenset()))
    own = frozenset(u.id for u in units_below(home, units) if u.id is not None)
    return acting(name, home.id, Visibility(own, frozenset()))
