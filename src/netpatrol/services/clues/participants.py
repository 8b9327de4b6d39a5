"""Clues that touch several units (参与单位): the owning unit works the clue; every unit whose
jurisdiction it touches (the author's region, places the posts name, the regions of the
people who reported it) reads it, comments in its thread and sees its measures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from netpatrol.domain.clue_threads import Participant, units_touched
from netpatrol.domain.clues import Clue
from netpatrol.domain.errors import NotFound, PermissionDenied
from netpatrol.domain.units import Unit
from netpatrol.domain.users import Visibility
from netpatrol.services.oversight.audit import SYSTEM_ACTOR, record
from netpatrol.services.ports import UnitOfWork

TOUCHED = "its jurisdiction is named (author region, a place in a post, a report)"
FORMER_OWNER = "former owner"


def touch_units(
    uow: UnitOfWork,
    places_of: Sequence[tuple[Clue, Iterable[str]]],
    at: datetime,
    reason: str = TOUCHED,
    actor: str = SYSTEM_ACTOR,
) -> None:
    """Make each unit whose jurisdiction these places name a participant of its clue
    (inside an open unit of work); one audit entry per clue that gains any."""
    if not places_of:
        return
    units = uow.units.all()
    _join_many(
        uow, [(clue, units_touched(units, places)) for clue, places in places_of], reason, at, actor
    )


def join(
    uow: UnitOfWork, clue: Clue, units: Sequence[Unit], reason: str, at: datetime, actor: str
) -> list[Unit]:
    """Add these units as participants (inside an open unit of work); the ones new to it."""
    return _join_many(uow, [(clue, units)], reason, at, actor)[0]


def _join_many(
    uow: UnitOfWork,
    joining: Sequence[tuple[Clue, Sequence[Unit]]],
    reason: str,
    at: datetime,
    actor: str,
) -> list[list[Unit]]:
    """Each clue's units added in one write for them all; per clue, the units new to it,
    and one audit entry for each clue that gained any."""
    asked = [
        Participant(clue.id or 0, u.id, reason, at)
        for clue, units in joining
        for u in units
        if u.id is not None and u.id != clue.unit_id
    ]
    new = {(p.clue_id, p.unit_id) for p in uow.participants.add_many(asked)}
    out = []
    for clue, units in joining:
        added = [u for u in units if (clue.id or 0, u.id) in new]  # never the owner: not asked
        new.difference_update((clue.id or 0, u.id) for u in added)  # a clue twice: once
        out.append(added)
        if added:
            record(
                uow,
                actor=actor,
                action="clue.participants_added",
                subject_type="clue",
                subject_id=clue.id,
                at=at,
                unit_id=clue.unit_id,
                after={"units": [u.code for u in added]},
                reason=reason,
            )
    return out


def takes_part(uow: UnitOfWork, seen: Visibility, clue: Clue) -> bool:
    """Whether the reader's units own the clue or take part in it."""
    if seen.own is None or clue.unit_id in seen.own:
        return True
    return uow.participants.takes_part(clue.id or 0, seen.own)


def sees(uow: UnitOfWork, seen: Visibility, clue: Clue) -> bool:
    """What sharing levels open, and what taking part opens."""
    return seen.allows(clue.unit_id, clue.sharing_level) or takes_part(uow, seen, clue)


def require_part(uow: UnitOfWork, seen: Visibility, clue_id: int) -> Clue:
    """The clue, when the reader's units own it or take part in it (inside an open unit of
    work): unseen reads as missing, seen through sharing only is refused."""
    clue = uow.clues.get(clue_id)
    if clue is None or not sees(uow, seen, clue):
        raise NotFound(f"clue {clue_id} does not exist")
    if not takes_part(uow, seen, clue):
        raise PermissionDenied(
            f"only the owning unit and participants write in clue {clue_id}'s thread",
            rule="clue.participants_only",
            zh="只有线索的主办单位和参与单位可以批注",
        )
    return clue


def participants(uow: UnitOfWork, clue_id: int) -> list[tuple[Participant, Unit]]:
    with uow:
        units = {u.id: u for u in uow.units.all()}
        return [(p, units[p.unit_id]) for p in uow.participants.for_clue(clue_id)]


def all_units(uow: UnitOfWork) -> list[Unit]:
    with uow:
        return uow.units.all()


def taking_part(uow: UnitOfWork, seen: Visibility, limit: int = 100) -> list[tuple[Clue, Unit]]:
    """The clues the reader's units take part in without owning them, with their owners."""
    if seen.own is None:
        return []
    with uow:
        ids = uow.participants.clues_of(seen.own, limit)
        clues = uow.clues.get_many(ids)
        units = {u.id: u for u in uow.units.all()}
    return [
        (clues[i], units[clues[i].unit_id])
        for i in ids
        if i in clues and clues[i].unit_id not in seen.own
    ]
