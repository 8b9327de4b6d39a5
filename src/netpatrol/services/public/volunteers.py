"""Volunteers (网络志愿者, M7): registration, their tips and how reliable those proved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.reports import (
    MAX_CONTACT,
    Judgement,
    Outcome,
    Report,
    Volunteer,
    code_digest,
    judgement_of,
    new_code,
    outcome_of,
    reliability,
)
from netpatrol.domain.units import Jurisdictions
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.public.sealing import Sealer

MAX_NICKNAME = 32


@dataclass(frozen=True)
class Standing:
    confirmed: int
    dismissed: int
    pending: int

    @property
    def score(self) -> float:
        return reliability(self.confirmed, self.dismissed)


@dataclass(frozen=True)
class Tip:
    report: Report
    outcome: Outcome
    judgement: Judgement


@dataclass(frozen=True)
class Profile:
    volunteer: Volunteer
    unit_name: str
    tips: list[Tip]
    standing: Standing


def register(
    uow: UnitOfWork,
    nickname: str,
    region: str,
    contact: str,
    sealer: Sealer,
    clock: Callable[[], datetime],
) -> tuple[str, Volunteer]:
    """A new volunteer and their key (shown once: it signs them in and marks their tips)."""
    name = nickname.strip()
    if not 1 <= len(name) <= MAX_NICKNAME:
        raise RuleViolation(f"a nickname has 1 to {MAX_NICKNAME} characters")
    if len(contact) > MAX_CONTACT:
        raise RuleViolation(f"the contact is longer than {MAX_CONTACT} characters")
    key = new_code("V", groups=4)
    with uow:
        unit = Jurisdictions(uow.units.all()).route(region)
        assert unit.id is not None
        now = clock()
        volunteer = uow.volunteers.add(
            Volunteer(name, code_digest(key), unit.id, now, sealer.seal(contact.strip()))
        )
        record(
            uow,
            actor="public",
            action="volunteer.registered",
            subject_type="volunteer",
            subject_id=volunteer.id,
            at=now,
            unit_id=unit.id,
        )
        uow.commit()
    return key, volunteer


def tips_of(uow: UnitOfWork, volunteer_id: int) -> list[Tip]:
    """Inside an open unit of work: the volunteer's reports, newest first, as judged."""
    reports = uow.reports.for_volunteer(volunteer_id)
    clue_ids = {r.clue_id for r in reports if r.clue_id is not None}
    clues = uow.clues.get_many(clue_ids)
    measures = uow.measures.for_clues(clue_ids)
    tips = []
    for report in reports:
        clue = clues.get(report.clue_id or 0)
        claimed = clue is not None and clue.status is ClueStatus.CLAIMED
        outcome = outcome_of(measures.get(report.clue_id or 0, []), claimed)
        tips.append(Tip(report, outcome, judgement_of(outcome)))
    return tips


def standing(uow: UnitOfWork, volunteer_id: int) -> Standing:
    """Inside an open unit of work: confirmed, dismissed and pending tips."""
    return _count(tips_of(uow, volunteer_id))


def _count(tips: list[Tip]) -> Standing:
    judged = [t.judgement for t in tips]
    return Standing(
        judged.count(Judgement.CONFIRMED),
        judged.count(Judgement.DISMISSED),
        judged.count(Judgement.PENDING),
    )


def profile(uow: UnitOfWork, key: str) -> Profile:
    with uow:
        volunteer = uow.volunteers.by_key(code_digest(key)) if key else None
        if volunteer is None or volunteer.id is None:
            raise NotFound("no volunteer holds this key")
        tips = tips_of(uow, volunteer.id)
        unit = uow.units.get(volunteer.unit_id)
    return Profile(volunteer, unit.name if unit else "", tips, _count(tips))
