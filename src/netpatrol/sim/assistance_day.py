"""The simulated day's assistance (协查, M9): the unit that owns a clue asks another unit to
identify an account holder and the national desk to check a lead; the asked unit accepts,
answers with a document as evidence, the asking unit reads it and closes the request; the
national desk lets its deadline pass, and the timers flag it overdue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.domain.assistance import AssistanceKind
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.services.assistance import reads, requests
from netpatrol.services.assistance.acting import acting_for_unit
from netpatrol.services.assistance.timers import escalate_overdue
from netpatrol.services.ports import UnitOfWork

NATIONAL, NEIGHBOUR, OTHER_NEIGHBOUR = "000000", "440300", "440100"


@dataclass
class AssistanceOutcome:
    request_id: int | None = None
    asker: str = ""
    answered_by: str = ""
    answers_read: int = 0
    closed: bool = False
    overdue_flagged: int = 0

    def line(self) -> str:
        if self.request_id is None:
            return "assistance: no clue owned by a city or province unit today"
        return (
            f"assistance #{self.request_id}: {self.asker} asked, {self.answered_by} accepted "
            f"and answered ({self.answers_read} answer read by the asker, closed: "
            f"{self.closed}); {self.overdue_flagged} request flagged overdue by the timers"
        )


def carry_assistance(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
    advance: Callable[[timedelta], None],
    clues: Sequence[Clue],
) -> AssistanceOutcome:
    outcome = AssistanceOutcome()
    with uow_factory() as uow:
        codes = {u.id: u.code for u in uow.units.all()}
    clue = next((c for c in clues if codes[c.unit_id] != NATIONAL), None)
    if clue is None:
        return outcome
    own = codes[clue.unit_id]
    asked = NEIGHBOUR if own != NEIGHBOUR else OTHER_NEIGHBOUR
    asker = acting_for_unit(uow_factory(), f"officer-{own}", own)
    helper = acting_for_unit(uow_factory(), f"officer-{asked}", asked)
    made = requests.ask(
        uow_factory(),
        requests.Ask(
            clue.id or 0,
            [asked],
            AssistanceKind.IDENTIFY_HOLDER,
            "该账号疑似使用他人身份注册，请协助依法调取实名登记信息",
            24,
            SharingLevel.PROVINCE,
        ),
        asker,
        clock,
    )
    requests.ask(
        uow_factory(),
        requests.Ask(
            clue.id or 0, [NATIONAL], AssistanceKind.CHECK_LEAD, "请核查是否涉及跨省串案", 1
        ),
        asker,
        clock,
    )
    rid = made[0].id or 0
    advance(timedelta(minutes=40))
    requests.accept(uow_factory(), rid, helper, clock)
    advance(timedelta(hours=1))
    requests.answer(
        uow_factory(),
        rid,
        "已依法调取，该账号实名登记人为本市居民，现住址已核实",
        [requests.Item("调证回执", "调证文书编号 2026-118，运营商回函已存档")],
        helper,
        clock,
    )
    seen = reads.view(uow_factory(), rid, asker, clock)
    requests.close(uow_factory(), rid, asker, clock)
    outcome.request_id, outcome.asker, outcome.answered_by = rid, own, asked
    outcome.answers_read, outcome.closed = len(seen.answers), True
    outcome.overdue_flagged = escalate_overdue(uow_factory(), clock)
    return outcome
