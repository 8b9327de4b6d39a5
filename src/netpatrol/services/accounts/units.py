"""The unit matrix (账号矩阵, M1): loading the shipped units."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from netpatrol.domain.units import Jurisdictions, Unit, UnitLevel
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork


def units_from_data(data: Mapping[str, Any]) -> list[Unit]:
    units = [
        Unit(
            code=str(u["code"]),
            name=str(u["name"]),
            full_name=str(u.get("full_name", u["name"])),
            level=UnitLevel(u["level"]),
            parent_code=u.get("parent"),
            region_codes=[str(c) for c in u.get("region_codes", [])],
            among_first_50=bool(u["among_first_50"]),
            channel_accounts={str(k): str(v) for k, v in u.get("channel_accounts", {}).items()},
        )
        for u in data["units"]
    ]
    Jurisdictions(units)  # refuses a matrix without exactly one national unit
    return units


def load_units(
    uow: UnitOfWork, units: list[Unit], actor: str, clock: Callable[[], datetime]
) -> tuple[int, int]:
    """Insert or update the units by code; (added, updated). Safe to run again."""
    with uow:
        added, updated = uow.units.upsert(units)
        if added or updated:
            record(
                uow,
                actor=actor,
                action="units.loaded",
                subject_type="unit_matrix",
                subject_id="all",
                at=clock(),
                after={"added": added, "updated": updated},
            )
        uow.commit()
    return added, updated
