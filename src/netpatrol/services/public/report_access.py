"""Public reports as officers see them (M7): the reports folded into a clue, and the
reporter's sealed contact, opened for one reader at a time and audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.errors import NotFound
from netpatrol.domain.reports import Report
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.public.sealing import Sealer
from netpatrol.services.public.volunteers import standing

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ReportOnClue:
    """What officers see of a report on the clue page: never the contact itself."""

    report: Report
    volunteer: str
    volunteer_score: float | None
    has_contact: bool


def on_clue(uow: UnitOfWork, clue_id: int) -> list[ReportOnClue]:
    with uow:
        out = []
        for report in uow.reports.for_clue(clue_id):
            name, score = "", None
            if report.volunteer_id is not None:
                volunteer = uow.volunteers.get(report.volunteer_id)
                name = volunteer.nickname if volunteer else ""
                score = standing(uow, report.volunteer_id).score
            out.append(ReportOnClue(report, name, score, bool(report.contact_sealed)))
        return out


def reveal_contact(
    uow: UnitOfWork, report_id: int, reader: str, sealer: Sealer, clock: Clock
) -> tuple[int, str]:
    """The report's clue and its reporter's contact, opened for one reader and written to
    the audit log (M11)."""
    with uow:
        report = uow.reports.get(report_id)
        if report is None or report.clue_id is None:
            raise NotFound(f"report {report_id} does not exist")
        clue = uow.clues.get(report.clue_id)
        record(
            uow,
            actor=reader,
            action="report.contact_read",
            subject_type="report",
            subject_id=report_id,
            at=clock(),
            unit_id=clue.unit_id if clue else None,
        )
        uow.commit()
    return report.clue_id, sealer.open(report.contact_sealed)


def clue_of_report(uow: UnitOfWork, report_id: int) -> int:
    with uow:
        report = uow.reports.get(report_id)
    if report is None or report.clue_id is None:
        raise NotFound(f"report {report_id} does not exist")
    return report.clue_id
