"""The simulated day's indicator (M9): an officer proposes the scam number of a fraud clue
for the shared store; the public lookup does not name it yet; half an hour later a
supervisor confirms it, and from then the lookup calls it a known scam."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol import data
from netpatrol.domain.categories import Category
from netpatrol.domain.indicators import ExpiryPolicy
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.matrix import indicators as store
from netpatrol.services.ports import Conflict, UnitOfWork
from netpatrol.services.public.lookup import lookup
from netpatrol.services.publishing.redaction import indicators_in

OFFICER, SUPERVISOR = "officer-day", "supervisor-day"
SHARED_KINDS = ("phone", "qq", "wechat")


@dataclass
class IndicatorOutcome:
    indicator_id: int | None = None
    value: str = ""
    clue_id: int | None = None
    known_before: bool = False  # the lookup's answer while it was only proposed
    known_after: bool = False  # and once the supervisor confirmed it


def carry_indicator(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
    advance: Callable[[timedelta], None],
    expiry: ExpiryPolicy | None = None,
) -> IndicatorOutcome:
    expiry = expiry or ExpiryPolicy.from_data(data.load_json("policy.json"))
    outcome = IndicatorOutcome()
    with uow_factory() as uow:
        frauds = uow.clues.queue(ClueQuery(category=Category.FRAUD), 20, 0)
        posts = uow.posts.get_many(c.post_id for c in frauds)
        units = {u.id: u.code for u in uow.units.all()}
    for clue in frauds:
        found = [i for i in indicators_in(posts[clue.post_id].text) if i.kind in SHARED_KINDS]
        if not found:
            continue
        proposal = store.Proposal(
            found[0].kind.value,
            found[0].value,
            "fraud",
            units[clue.unit_id],
            "national",
            OFFICER,
            "刷单返利诈骗线索中的联系方式",
            clue.id,
        )
        try:
            added = store.propose_indicator(uow_factory(), proposal, clock)
        except Conflict:
            return outcome  # proposed on an earlier simulated day
        outcome.indicator_id, outcome.value, outcome.clue_id = added.id, added.value, clue.id
        outcome.known_before = bool(lookup(uow_factory(), added.value, now=clock()).category)
        advance(timedelta(minutes=30))
        store.decide_indicator(uow_factory(), added.id or 0, SUPERVISOR, True, expiry, clock)
        outcome.known_after = bool(lookup(uow_factory(), added.value, now=clock()).category)
        return outcome
    return outcome


def indicator_line(outcome: IndicatorOutcome) -> str:
    if outcome.indicator_id is None:
        return "indicator: none proposed (no new fraud clue names a number)"
    return (
        f"indicator {outcome.indicator_id} ({outcome.value}, from clue {outcome.clue_id}) "
        f"proposed by {OFFICER}: lookup {'knew' if outcome.known_before else 'did not know'} "
        f"it; confirmed by {SUPERVISOR}: lookup "
        f"{'knows' if outcome.known_after else 'still does not know'} it"
    )
