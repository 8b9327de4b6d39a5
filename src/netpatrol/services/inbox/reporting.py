"""A message that is a tip becomes a public report (群众举报): it gets a receipt and joins
or opens a clue exactly as a report from the portal does (services/public/reports.py);
the message then points to the report and its clue and counts as handled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from netpatrol.detect.pipeline import Engine
from netpatrol.domain.errors import InvalidTransition
from netpatrol.domain.inbox import InboxStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.acting import Acting, require
from netpatrol.services.inbox.work import audit_change, message_for, set_handled
from netpatrol.services.patrol.batch import TriagePolicy
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.public import reports
from netpatrol.services.public.sealing import Sealer


@dataclass(frozen=True)
class Reported:
    receipt: str  # the receipt code, to send the netizen; only its digest is kept
    report_id: int
    clue_id: int
    folded: bool


def report_message(
    uow_factory: Callable[[], UnitOfWork],
    actor: Acting,
    message_id: int,
    category: str,
    engine: Engine,
    triage: TriagePolicy,
    sealer: Sealer,
    clock: Callable[[], datetime],
) -> Reported:
    """The report is limited per netizen like the portal's are per client, so a flood of
    tips from one sender cannot bury the queue either."""
    require(actor, Permission.WORK, "make reports from inbox messages")
    with uow_factory() as uow:
        message = message_for(uow, actor, message_id)
        unit = uow.units.get(message.unit_id)
    if message.report_id is not None:
        raise InvalidTransition(
            "this message is already a report", rule="inbox_report_once", zh="该消息已转为举报"
        )
    submission = reports.Submission(
        category=category or message.category,
        text=message.text,
        region=unit.name if unit else "",
        client=f"inbox:{message.platform}:{message.sender_id}",
    )
    receipt = reports.submit(uow_factory(), submission, engine, triage, sealer, clock)
    with uow_factory() as uow:
        report = uow.reports.get(receipt.report_id)
        assert report is not None and report.clue_id is not None
        message = message_for(uow, actor, message_id)
        before = message.status
        message.report_id, message.clue_id = report.id, report.clue_id
        if message.status is InboxStatus.UNREAD:
            set_handled(message, actor, clock())
        uow.inbox.update(message)
        audit_change(
            uow,
            actor,
            "inbox.reported",
            message,
            clock(),
            {"status": before.value},
            {"report_id": report.id, "clue_id": report.clue_id, "folded": receipt.folded},
        )
        uow.commit()
    return Reported(receipt.code, receipt.report_id, report.clue_id, receipt.folded)
