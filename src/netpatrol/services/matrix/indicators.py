"""The shared indicator store (M9): adding known scam indicators and reading them back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.detect.indicators import IndicatorKind, canonical
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork


def add_indicator(
    uow: UnitOfWork,
    *,
    kind: str,
    value: str,
    category: str,
    unit_code: str,
    sharing: str,
    actor: str,
    clock: Callable[[], datetime],
    note: str = "",
) -> KnownIndicator:
    """Record a known indicator for a unit; the value is stored in its canonical form."""
    try:
        indicator_kind = IndicatorKind(kind)
        category_ = Category(category)
        sharing_ = SharingLevel(sharing)
    except ValueError as exc:
        raise RuleViolation(str(exc)) from None
    if not category_.is_violation:
        raise RuleViolation(f"{category} is not a category of violation")
    value_ = canonical(indicator_kind, value)
    if not value_:
        raise RuleViolation(f"{value!r} is not a valid {kind}")
    with uow:
        unit = next((u for u in uow.units.all() if u.code == unit_code), None)
        if unit is None or unit.id is None:
            raise NotFound(f"unit {unit_code} does not exist")
        indicator = uow.indicators.add(
            KnownIndicator(kind, value_, category_, unit.id, sharing_, clock(), note)
        )
        record(
            uow,
            actor=actor,
            action="indicator.added",
            subject_type="indicator",
            subject_id=indicator.id,
            at=indicator.created_at,
            unit_id=unit.id,
            after={"kind": kind, "value": value_, "category": category, "sharing_level": sharing},
        )
        uow.commit()
    return indicator


def list_indicators(uow: UnitOfWork) -> list[KnownIndicator]:
    with uow:
        return uow.indicators.all()


def store_entries(uow: UnitOfWork) -> list[tuple[str, str, str]]:
    """(kind, value, category) of every known indicator, for the detection engine."""
    return [(i.kind, i.value, i.category.value) for i in list_indicators(uow)]
