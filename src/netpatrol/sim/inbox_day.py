"""The inbox's part of the simulated day: netizens write to the units' accounts (tips,
questions, thanks, abuse, a threat, a scam, answers to the day's warnings); the inbox is
pulled, an officer answers a warning's recipient with a template and turns a tip into a
public report, which gets a receipt and joins or opens a clue."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from netpatrol.detect.pipeline import Engine
from netpatrol.domain.inbox import InboxQuery, InboxStatus
from netpatrol.domain.users import Role
from netpatrol.services.accounts.acting import Staff
from netpatrol.services.inbox.pull import pull_inbox
from netpatrol.services.inbox.reporting import report_message
from netpatrol.services.inbox.work import reply
from netpatrol.services.patrol.batch import TriagePolicy
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.public.sealing import Sealer
from netpatrol.sim.inbox_traffic import InboxTraffic
from netpatrol.sim.platforms import SimulatedPlatform

OFFICER = "officer-day"
MESSAGES = 60


@dataclass
class InboxOutcome:
    received: int = 0
    warning_replies: int = 0
    clues: int = 0  # opened or joined by threats and scams sent to the accounts
    answered: int = 0
    report_receipt: str = ""
    report_clue: int | None = None


def carry_inbox(
    uow_factory: Callable[[], UnitOfWork],
    engine: Engine,
    triage: TriagePolicy,
    clock: Callable[[], datetime],
    platforms: Mapping[str, SimulatedPlatform],
    seal_key: bytes,
) -> InboxOutcome:
    """`seal_key` keys the per-netizen report limits (the reports carry no contact)."""
    outcome = InboxOutcome()
    with uow_factory() as uow:
        units = [u for u in uow.units.all() if u.among_first_50]
    accounts = [(p, a) for u in units for p, a in sorted(u.channel_accounts.items())]
    traffic = InboxTraffic([(p, a) for p, a in accounts if p in platforms])
    now = clock()
    sent = [*traffic.batch(MESSAGES, now), traffic.next_message(now, "tip")]
    tip_id = sent[-1]["id"]
    for name, platform in platforms.items():
        platform.send_to_account(m for m in sent if m["platform"] == name)
        warnings = platform.state.messages  # the day's warnings, sent before
        platform.send_to_account(traffic.warning_answer(m, now) for m in warnings[:2])
    intake, _ = pull_inbox(uow_factory, platforms, engine, triage, clock)
    outcome.received, outcome.warning_replies = intake.stored, intake.warning_replies
    outcome.clues = len(intake.clues)
    officer = Staff(OFFICER, Role.OFFICER)
    with uow_factory() as uow:
        unread = uow.inbox.page(InboxQuery(None, status=InboxStatus.UNREAD, limit=500)).messages
    tip = next(m for m in unread if m.external_id == tip_id)
    reported = report_message(
        uow_factory, officer, tip.id or 0, "", engine, triage, Sealer(seal_key.hex()), clock
    )
    outcome.report_receipt, outcome.report_clue = reported.receipt, reported.clue_id
    for message in (m for m in unread if m.measure_id is not None):
        reply(uow_factory(), officer, message.id or 0, platforms, clock, "warning_reply")
        outcome.answered += 1
    return outcome


def inbox_line(outcome: InboxOutcome) -> str:
    return (
        f"inbox: {outcome.received} messages to the accounts, {outcome.warning_replies} "
        f"answering warnings ({outcome.answered} answered with a template), "
        f"{outcome.clues} clues from threats and scams, a tip reported as "
        f"{outcome.report_receipt} on clue {outcome.report_clue}"
    )
