"""The legal-basis catalogue as a unit sees it: the shipped entries, with the edits of the
national desk, the unit's province and the unit itself laid over them in that order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.categories import Category
from netpatrol.domain.clues import Clue
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.legal import LegalBasis, LegalCatalogue, check_fit
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.units import Unit
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork


def _chain(units: Sequence[Unit], unit_id: int) -> list[Unit]:
    """The unit and those above it, the national desk first."""
    by_code = {u.code: u for u in units}
    current = next((u for u in units if u.id == unit_id), None)
    chain: list[Unit] = []
    while current is not None:
        chain.append(current)
        current = by_code.get(current.parent_code or "")
    return chain[::-1]


def catalogue_in(uow: UnitOfWork, shipped: LegalCatalogue, unit_id: int) -> LegalCatalogue:
    """Inside an open unit of work: the catalogue that applies to measures of this unit."""
    chain = _chain(uow.units.all(), unit_id)
    edits = uow.legal.for_units([u.id for u in chain if u.id is not None])
    catalogue = shipped
    for unit in chain:
        catalogue = catalogue.overridden(edits.get(unit.id or 0, []))
    return catalogue


@dataclass(frozen=True)
class Citation:
    """The legal bases a measure cites; `override` is a supervisor's written reason for
    citing an entry that does not fit the clue or the measure (the route checks the role)."""

    codes: Sequence[str]
    override: str = ""


def cited(
    uow: UnitOfWork,
    shipped: LegalCatalogue,
    clue: Clue,
    kind: MeasureKind,
    citation: Citation,
) -> list[LegalBasis]:
    """Inside an open unit of work: the entries a measure cites, refused when one does not
    apply to the clue's category or to the measure, unless the citation is overridden."""
    bases = catalogue_in(uow, shipped, clue.unit_id).resolve(citation.codes)
    if not citation.override.strip():
        check_fit(bases, clue.category.value, kind.value)
    return bases


def catalogue_for(uow: UnitOfWork, shipped: LegalCatalogue, unit_code: str) -> LegalCatalogue:
    with uow:
        unit = next((u for u in uow.units.all() if u.code == unit_code), None)
        if unit is None or unit.id is None:
            raise NotFound(f"unit {unit_code} does not exist")
        return catalogue_in(uow, shipped, unit.id)


def set_entry(
    uow: UnitOfWork,
    shipped: LegalCatalogue,
    *,
    unit_code: str,
    basis: LegalBasis,
    actor: str,
    clock: Callable[[], datetime],
) -> bool:
    """A unit edits an entry (or adds one) for itself and the units below it; True when
    the code was not in the catalogue that applied to the unit before."""
    if not actor.strip():
        raise RuleViolation("say who edits the catalogue")
    if not all(part.strip() for part in (basis.code, basis.law, basis.article, basis.covers)):
        raise RuleViolation("an entry needs its code, law, article and what it covers")
    unknown = [c for c in basis.categories if c not in {k.value for k in Category}]
    if unknown:
        raise RuleViolation(f"unknown categories: {', '.join(unknown)}")
    citing = {k.value for k in MeasureKind if k is not MeasureKind.DISMISSAL}
    wrong = [k for k in basis.measures if k not in citing]
    if wrong:
        raise RuleViolation(f"not a measure that cites a law: {', '.join(wrong)}")
    with uow:
        unit = next((u for u in uow.units.all() if u.code == unit_code), None)
        if unit is None or unit.id is None:
            raise NotFound(f"unit {unit_code} does not exist")
        now = clock()
        new = catalogue_in(uow, shipped, unit.id).get(basis.code) is None
        uow.legal.upsert(unit.id, basis, actor, now)
        record(
            uow,
            actor=actor,
            action="legal_basis.added" if new else "legal_basis.edited",
            subject_type="legal_basis",
            subject_id=basis.code,
            at=now,
            unit_id=unit.id,
            after={
                "law": basis.law,
                "article": basis.article,
                "covers": basis.covers,
                "categories": list(basis.categories),
                "measures": list(basis.measures),
            },
        )
        uow.commit()
    return new
