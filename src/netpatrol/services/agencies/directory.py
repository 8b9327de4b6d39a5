"""The partner-agency directory as a unit sees it: the shipped entries (data/agencies.json)
with the edits of unit admins laid over them, each edit audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache

from netpatrol import data
from netpatrol.domain.agencies import Agency, AgencyDirectory, AgencyKind, Channel
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.units import Unit, UnitLevel
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

NATIONAL = "000000"


@cache
def shipped() -> AgencyDirectory:
    """The entries as shipped, read once per process."""
    rows = data.load_json("agencies.json")["agencies"]
    return AgencyDirectory(
        Agency(
            r["code"],
            r["name"],
            AgencyKind(r["kind"]),
            r["province"],
            Channel(r["channel"]),
            r.get("address", ""),
        ).check()
        for r in rows
    )


def province_of(units: Sequence[Unit], unit: Unit) -> str | None:
    """The code of the unit's province (its own for a province), None for the national desk."""
    by_code = {u.code: u for u in units}
    current: Unit | None = unit
    while current is not None and current.level is not UnitLevel.PROVINCE:
        current = by_code.get(current.parent_code or "")
    return current.code if current else None


def directory_in(uow: UnitOfWork) -> AgencyDirectory:
    """Inside an open unit of work: the directory with every edit applied."""
    return shipped().overridden(uow.agencies.edits())


def list_agencies(uow: UnitOfWork, unit_code: str | None = None) -> list[Agency]:
    """Every entry, or those a unit may refer to (national and its province's)."""
    with uow:
        directory = directory_in(uow)
        if unit_code is None:
            return sorted(directory, key=lambda a: (a.province or "", a.kind.value, a.code))
        units = uow.units.all()
        unit = next((u for u in units if u.code == unit_code), None)
        if unit is None:
            raise NotFound(f"unit {unit_code} does not exist")
        return directory.for_province(province_of(units, unit))


def owning_unit(uow: UnitOfWork, code: str, province: str | None) -> str:
    """The unit whose admin may edit this entry: the province's, or the national desk for
    a national entry (an existing entry keeps the province it has)."""
    with uow:
        known = directory_in(uow).get(code)
    return (known.province if known else province) or NATIONAL


def set_entry(uow: UnitOfWork, agency: Agency, actor: str, clock: Callable[[], datetime]) -> bool:
    """Edit an entry (its name, channel, address) or add one; True when it is new. An
    existing entry keeps its kind and province."""
    if not actor.strip():
        raise RuleViolation("say who edits the directory")
    agency.check()
    with uow:
        if agency.province is not None and not any(
            u.code == agency.province and u.level is UnitLevel.PROVINCE for u in uow.units.all()
        ):
            raise RuleViolation(
                f"{agency.province} is not a province unit's code", rule="agency_province"
            )
        before = directory_in(uow).get(agency.code)
        if before is not None and (before.kind, before.province) != (
            agency.kind,
            agency.province,
        ):
            raise RuleViolation(
                f"agency {agency.code} is a {before.kind} of {before.province or 'the nation'};"
                " its kind and province stay",
                rule="agency_kind_and_province_fixed",
                zh="联动单位的类别和所属省份不可更改",
            )
        now = clock()
        uow.agencies.upsert(agency, actor, now)
        record(
            uow,
            actor=actor,
            action="agency.edited" if before else "agency.added",
            subject_type="agency",
            subject_id=agency.code,
            at=now,
            before=(
                {"name": before.name, "channel": before.channel.value, "address": before.address}
                if before
                else None
            ),
            after={
                "name": agency.name,
                "kind": agency.kind.value,
                "province": agency.province,
                "channel": agency.channel.value,
                "address": agency.address,
            },
        )
        uow.commit()
    return before is None


def find_entry(uow: UnitOfWork, code: str) -> Agency | None:
    """One entry as it stands, edits applied."""
    with uow:
        return directory_in(uow).get(code)
