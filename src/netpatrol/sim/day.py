"""A working day, simulated end to end against the configured database (M4, M5, M11).

Posts arrive, are patrolled and merge into clues; officers claim clues, send warnings,
open a case that a supervisor approves, refer a matter to a partner agency of the
directory (which answers through its link) and dismiss one that is not a violation; the
platform (the simulator, in process) delivers the messages; after the deadline the
follow-up finds some warnings heeded and escalates the rest to takedown notices, which the
platforms' desks answer through the signed callback (one refused as lawful, one asked
about before it is removed); the recipient of a supervisor's warning appeals and a second
supervisor, who had no hand in it, upholds the appeal with reasons; the timers mark what
ran late; the evidence of the case is exported and verified.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from netpatrol import data
from netpatrol.detect.pipeline import Engine
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.domain.policy import MeasurePolicy
from netpatrol.domain.retention import RetentionRule
from netpatrol.services.clues import evidence, triage
from netpatrol.services.measures import appeals, replies
from netpatrol.services.measures import graduated as measures
from netpatrol.services.measures.delivery import deliver_outbox, follow_up_warnings
from netpatrol.services.measures.timers import run_due
from netpatrol.services.measures.warnings import WarningRequest, WarningTemplates, send_warning
from netpatrol.services.oversight.checkpoints import AuditKeys, verify_chain
from netpatrol.services.patrol.batch import PatrolResult, TriagePolicy, patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import PlatformConnector, UnitOfWork
from netpatrol.services.retention.run import run_retention
from netpatrol.sim.answers import platforms_answer, refer_and_answer
from netpatrol.sim.assistance_day import AssistanceOutcome, carry_assistance
from netpatrol.sim.hoax_day import HoaxOutcome, carry_hoax, hoax_line
from netpatrol.sim.inbox_day import InboxOutcome, carry_inbox, inbox_line
from netpatrol.sim.indicator_day import carry_indicator, indicator_line
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform

OFFICER, SUPERVISOR, SECOND_SUPERVISOR = "officer-day", "supervisor-day", "supervisor-day-2"


class VirtualClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@dataclass
class Day:
    posts: int = 0
    clues: int = 0
    merged: int = 0
    warnings: int = 0
    heeded: int = 0
    escalated: int = 0
    takedowns_confirmed: int = 0
    takedowns_refused: int = 0
    case_approved: bool = False
    referral_answered: bool = False
    appeal_upheld: bool = False
    appeal_decided_by: str = ""
    dismissed: int = 0
    evidence_verified: bool = False
    audit_entries: int = 0
    audit_intact: bool = False
    log: list[str] = field(default_factory=list)
    hoax: HoaxOutcome | None = None
    inbox: InboxOutcome | None = None
    assistance: AssistanceOutcome | None = None


def day_posts(count: int) -> list[dict[str, Any]]:
    """The bundled sample, then reposts by the same authors (they merge into one clue)."""
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    sample = [json.loads(line) for line in lines if line.strip()]
    posts = list(sample[:count])
    i = 0
    while len(posts) < count:
        base = sample[i % len(sample)]
        posts.append(
            {
                **base,
                "id": f"{base['id']}-r{i}",
                "text": "转发：" + base["text"],
                "parent_id": base["id"],
            }
        )
        i += 1
    return posts


SPAN = timedelta(days=5)


def simulate_day(
    uow_factory: Callable[[], UnitOfWork],
    engine: Engine,
    policy: TriagePolicy,
    catalogue: LegalCatalogue,
    templates: WarningTemplates,
    package_dir: Path,
    posts: int = 200,
    start: datetime | None = None,
    *,
    keys: AuditKeys,
    retention: list[RetentionRule],
    pseudonym_key: bytes,
    measure_policy: MeasurePolicy,
) -> Day:
    # the day's events span about four and a half days of virtual time (follow-ups, deadlines,
    # answers): by default they start far enough back to end before now, never in the future
    clock = VirtualClock(start or datetime.now(UTC) - SPAN)
    day = Day()
    rows = day_posts(posts)
    platforms = {p: SimulatedPlatform(p, clock) for p in PLATFORMS}
    for simulated in platforms.values():
        simulated.add_posts(rows)
        simulated.reviews = True  # the desks answer notices through the signed callback
    connectors: dict[str, PlatformConnector] = dict(platforms)

    result = PatrolResult()
    for i in range(0, len(rows), 50):
        batch = [parse_post(r) for r in rows[i : i + 50]]
        result.merge(patrol_batch(uow_factory(), batch, engine, policy, clock))
    day.posts, day.clues, day.merged = len(result.stored), len(result.clues), result.merged
    category_of_clue = {c.id or 0: c.category.value for c in result.clues}
    with uow_factory() as uow:
        code_of_unit = {u.id: u.code for u in uow.units.all()}
    unit_of_clue = {c.id or 0: code_of_unit[c.unit_id] for c in result.clues}
    day.log.append(f"patrolled {day.posts} posts: {day.clues} clues, {day.merged} merged")
    if not result.clues:
        day.log.append("no new clues: this database has had its simulated day already")
        chain = verify_chain(uow_factory(), keys)
        day.audit_entries, day.audit_intact = chain.checked, chain.intact
        day.evidence_verified = chain.intact
        return day

    def basis(category: str, kind: MeasureKind) -> str:
        """The best fitting entry, as the console pre-ticks it."""
        return catalogue.fitting(category, kind.value)[0].code

    clues = sorted(result.clues, key=lambda c: (-c.severity.rank, c.id or 0))
    fraud = next(c for c in clues if c.category.value in ("fraud", "phishing"))
    triage.claim(uow_factory(), fraud.id or 0, OFFICER, clock)  # taken up: evidence captured
    case = measures.open_measure(
        uow_factory(),
        measures.MeasureRequest(
            fraud.id or 0,
            MeasureKind.CASE,
            OFFICER,
            [basis(fraud.category.value, MeasureKind.CASE)],
            "多名网民举报，涉嫌诈骗",
        ),
        catalogue,
        clock,
    )
    measures.advance(
        uow_factory(), case.id or 0, MeasureStatus.APPROVED, SUPERVISOR, clock, "证据充分，同意立案"
    )
    day.case_approved = True
    evidence.export_package(uow_factory(), fraud.id or 0, package_dir, OFFICER, clock, keys.signer)
    day.evidence_verified = not evidence.verify_package(package_dir, keys.signer.public)

    rest = [c for c in clues if c.id != fraud.id]
    referral = refer_and_answer(
        uow_factory,
        rest[0].id or 0,
        basis(rest[0].category.value, MeasureKind.REFERRAL),
        catalogue,
        clock,
        unit_of_clue[rest[0].id or 0],
    )
    day.referral_answered = referral == MeasureStatus.DONE
    measures.open_measure(
        uow_factory(),
        measures.MeasureRequest(
            rest[1].id or 0,
            MeasureKind.DISMISSAL,
            OFFICER,
            [],
            "核实为正常讨论，不构成违法",
        ),
        catalogue,
        clock,
    )
    day.dismissed = 1
    day.assistance = carry_assistance(uow_factory, clock, clock.advance, rest[2:])
    day.log.append(day.assistance.line())

    tokens = []
    for i, clue in enumerate(rest[2:]):
        sender = SUPERVISOR if i == 0 else OFFICER  # the warning that will be appealed
        triage.claim(uow_factory(), clue.id or 0, sender, clock)
        cites = [basis(clue.category.value, MeasureKind.WARNING)]
        measure, token = send_warning(
            uow_factory(),
            WarningRequest(clue.id or 0, sender, cites, 24),
            catalogue,
            templates,
            clock,
        )
        tokens.append((measure, token))
    day.warnings = len(tokens)
    deliver_outbox(uow_factory(), connectors, clock)

    appealed, token = tokens[0]
    grounds = "这是新闻转载，并非本人发布"
    replies.answer(uow_factory(), token, replies.Reply.APPEAL, grounds, clock, measure_policy)
    reasons = "经核实，该内容为新闻转载，申诉成立，撤销警示"
    appeals.decide(uow_factory(), appealed.id or 0, True, SECOND_SUPERVISOR, reasons, clock)
    day.appeal_upheld, day.appeal_decided_by = True, SECOND_SUPERVISOR

    clock.now += timedelta(hours=25)
    checked = follow_up_warnings(uow_factory(), connectors, clock)
    day.heeded, day.escalated = checked.heeded, checked.escalated
    with uow_factory() as uow:
        escalated = [
            m
            for m in uow.measures.all()
            if m.kind is MeasureKind.WARNING and m.status is MeasureStatus.ESCALATED
        ]
    notices = []
    for warning in escalated:
        takedown = measures.open_measure(
            uow_factory(),
            measures.MeasureRequest(
                warning.clue_id,
                MeasureKind.TAKEDOWN,
                OFFICER,
                [basis(category_of_clue[warning.clue_id], MeasureKind.TAKEDOWN)],
                deadline_hours=24,
            ),
            catalogue,
            clock,
        )
        deliver_outbox(uow_factory(), connectors, clock)
        notices.append(takedown.id or 0)
    answered = platforms_answer(uow_factory, platforms, clock, notices)
    day.takedowns_confirmed, day.takedowns_refused = answered.removed, answered.refused
    day.log += answered.log
    day.log.append(indicator_line(carry_indicator(uow_factory, clock, clock.advance)))
    day.hoax = carry_hoax(uow_factory, engine, policy, clock, clock.advance, platforms)
    day.log.append(hoax_line(day.hoax))
    day.inbox = carry_inbox(uow_factory, engine, policy, clock, platforms, pseudonym_key)
    day.log.append(inbox_line(day.inbox))
    run_due(uow_factory(), clock)
    kept = run_retention(uow_factory(), retention, clock, pseudonym_key)
    day.log.append(
        "retention run: "
        + ", ".join(f"{o.data} {o.applied} of {o.due} due" for o in kept if o.action != "keep")
    )
    chain = verify_chain(uow_factory(), keys)
    day.audit_entries, day.audit_intact = chain.checked, chain.intact
    day.log.append(
        f"{day.warnings} warnings: {day.heeded} heeded, {day.escalated} escalated to takedowns "
        f"({day.takedowns_confirmed} removed, {day.takedowns_refused} refused by the platform); "
        f"case approved, referral answered by its agency, appeal upheld "
        f"by {day.appeal_decided_by}, who had no hand in the warning"
    )
    return day
