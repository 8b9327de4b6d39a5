"""The shared indicator store (共享线索库, M9): proposing, a second person's review, edits,
renewal, removal and false-positive reports, each change audited once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netpatrol.detect.indicators import IndicatorKind, canonical, case_kept
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.indicators import (
    ExpiryPolicy,
    FalsePositiveReport,
    KnownIndicator,
    ReportSource,
    ReviewState,
    check_note,
    check_reason,
)
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork


@dataclass(frozen=True)
class Proposal:
    """What an officer proposes: an indicator as seen, and where it came from."""

    kind: str
    value: str
    category: str
    unit_code: str
    sharing: str
    actor: str
    note: str = ""
    source_clue_id: int | None = None
    source_report_id: int | None = None


def parse(kind: str, value: str, category: str, sharing: str) -> tuple[str, Category, SharingLevel]:
    """The canonical value, the category and the sharing level; RuleViolation naming the
    field that is wrong."""
    try:
        indicator_kind = IndicatorKind(kind)
    except ValueError:
        raise RuleViolation(f"{kind!r} is not a kind of indicator", rule="indicator_kind") from None
    try:
        category_, sharing_ = Category(category), SharingLevel(sharing)
    except ValueError as exc:
        raise RuleViolation(str(exc)) from None
    if not category_.is_violation:
        raise RuleViolation(f"{category} is not a category of violation")
    value_ = canonical(indicator_kind, value)
    if not value_:
        raise RuleViolation(f"{value!r} is not a valid {kind}", rule="indicator_value")
    return value_, category_, sharing_


def proposed(
    uow: UnitOfWork, proposal: Proposal, now: datetime, unit_ids: dict[str, int]
) -> KnownIndicator:
    """The indicator a proposal makes, checked, not stored (imports check every row first)."""
    value, category, sharing = parse(
        proposal.kind, proposal.value, proposal.category, proposal.sharing
    )
    check_note(proposal.note)
    unit_id = unit_ids.get(proposal.unit_code)
    if unit_id is None:
        raise NotFound(f"unit {proposal.unit_code} does not exist")
    if proposal.source_clue_id is not None and uow.clues.get(proposal.source_clue_id) is None:
        raise NotFound(f"clue {proposal.source_clue_id} does not exist")
    report = proposal.source_report_id
    if report is not None and uow.reports.get(report) is None:
        raise NotFound(f"report {report} does not exist")
    return KnownIndicator(
        proposal.kind,
        value,
        category,
        unit_id,
        sharing,
        now,
        proposal.note.strip(),
        review=ReviewState.PROPOSED,
        proposer=proposal.actor,
        source_clue_id=proposal.source_clue_id,
        source_report_id=proposal.source_report_id,
        updated_at=now,
        shown_as=case_kept(IndicatorKind(proposal.kind), proposal.value),
    )


def store_proposed(uow: UnitOfWork, indicator: KnownIndicator, actor: str) -> KnownIndicator:
    """Add a checked indicator and audit it (inside the caller's unit of work)."""
    uow.indicators.add(indicator)
    record(
        uow,
        actor=actor,
        action="indicator.proposed",
        subject_type="indicator",
        subject_id=indicator.id,
        at=indicator.created_at,
        unit_id=indicator.unit_id,
        after=snapshot(indicator),
    )
    return indicator


def unit_ids(uow: UnitOfWork) -> dict[str, int]:
    """unit code -> id, inside the caller's unit of work."""
    return {u.code: u.id for u in uow.units.all() if u.id is not None}


def unit_codes(uow: UnitOfWork) -> dict[int, str]:
    """unit id -> code, for exports."""
    with uow:
        return {v: k for k, v in unit_ids(uow).items()}


def propose_indicator(
    uow: UnitOfWork, proposal: Proposal, clock: Callable[[], datetime]
) -> KnownIndicator:
    """Record a proposed indicator; nothing matches it until a second person confirms it.
    One the unit rejected or removed before is proposed anew; one it holds otherwise is a
    Conflict."""
    with uow:
        indicator = proposed(uow, proposal, clock(), unit_ids(uow))
        earlier = next(
            (
                i
                for i in uow.indicators.with_values([indicator.value])
                if (i.kind, i.unit_id) == (indicator.kind, indicator.unit_id)
                and i.review in (ReviewState.REJECTED, ReviewState.REMOVED)
            ),
            None,
        )
        if earlier is None:
            store_proposed(uow, indicator, proposal.actor)
        else:
            before = snapshot(earlier)
            earlier.propose_again(indicator)
            uow.indicators.update(earlier)
            after = snapshot(earlier)
            _audit(
                uow,
                earlier,
                proposal.actor,
                "indicator.proposed",
                indicator.created_at,
                before,
                after,
            )
            indicator = earlier
        uow.commit()
    return indicator


def decide_indicator(
    uow: UnitOfWork,
    indicator_id: int,
    actor: str,
    confirm: bool,
    policy: ExpiryPolicy,
    clock: Callable[[], datetime],
    reason: str = "",
) -> KnownIndicator:
    """A second person confirms (it is matched, and public if shared nationally, for the
    policy's term) or rejects it; a decision also settles open false-positive reports."""
    reason = check_reason(reason)
    with uow:
        indicator = _get(uow, indicator_id)
        before, now = snapshot(indicator), clock()
        indicator.decide(actor, confirm, policy, now)
        uow.indicators.update(indicator)
        settled = uow.indicators.resolve_reports(indicator_id, now)
        after = snapshot(indicator) | {"reports_settled": settled}
        action = "indicator.confirmed" if confirm else "indicator.rejected"
        _audit(uow, indicator, actor, action, now, before, after, reason)
        uow.commit()
    return indicator


def edit_indicator(
    uow: UnitOfWork,
    indicator_id: int,
    actor: str,
    clock: Callable[[], datetime],
    *,
    category: str | None = None,
    sharing: str | None = None,
    note: str | None = None,
) -> KnownIndicator:
    """Change its category, sharing level or note (a new claim goes back to review)."""
    with uow:
        indicator = _get(uow, indicator_id)
        before, now = snapshot(indicator), clock()
        try:
            category_ = Category(category) if category else indicator.category
            sharing_ = SharingLevel(sharing) if sharing else indicator.sharing_level
        except ValueError as exc:
            raise RuleViolation(str(exc)) from None
        if not category_.is_violation:
            raise RuleViolation(f"{category_} is not a category of violation")
        indicator.edit(category_, sharing_, indicator.note if note is None else note, now)
        uow.indicators.update(indicator)
        _audit(uow, indicator, actor, "indicator.edited", now, before, snapshot(indicator))
        uow.commit()
    return indicator


def renew_indicator(
    uow: UnitOfWork,
    indicator_id: int,
    actor: str,
    policy: ExpiryPolicy,
    clock: Callable[[], datetime],
) -> KnownIndicator:
    with uow:
        indicator = _get(uow, indicator_id)
        before, now = snapshot(indicator), clock()
        indicator.renew(policy, now)
        uow.indicators.update(indicator)
        _audit(uow, indicator, actor, "indicator.renewed", now, before, snapshot(indicator))
        uow.commit()
    return indicator


def remove_indicator(
    uow: UnitOfWork, indicator_id: int, actor: str, reason: str, clock: Callable[[], datetime]
) -> KnownIndicator:
    """Take it out of matching and the lookup for good; the row stays for the audit trail."""
    reason = check_reason(reason)
    if not reason:
        raise RuleViolation("say why the indicator is removed", rule="reason_required")
    with uow:
        indicator = _get(uow, indicator_id)
        before, now = snapshot(indicator), clock()
        indicator.move_to(ReviewState.REMOVED, now)
        uow.indicators.update(indicator)
        uow.indicators.resolve_reports(indicator_id, now)
        _audit(uow, indicator, actor, "indicator.removed", now, before, snapshot(indicator), reason)
        uow.commit()
    return indicator


def report_false_positive(
    uow: UnitOfWork,
    indicator_id: int,
    source: ReportSource,
    reporter: str,
    reason: str,
    clock: Callable[[], datetime],
) -> FalsePositiveReport:
    """Someone says it is no scam: the report is kept, and a confirmed indicator goes under
    review (out of matching and the lookup) until a second person decides it again."""
    reason = check_reason(reason)
    with uow:
        indicator = _get(uow, indicator_id)
        before, now = snapshot(indicator), clock()
        report = uow.indicators.add_report(
            FalsePositiveReport(indicator_id, source, reporter, reason, now)
        )
        if indicator.review is ReviewState.CONFIRMED:
            indicator.move_to(ReviewState.UNDER_REVIEW, now)
            uow.indicators.update(indicator)
        after = snapshot(indicator) | {"report_id": report.id, "source": source.value}
        _audit(uow, indicator, reporter, "indicator.reported", now, before, after, reason)
        uow.commit()
    return report


def list_indicators(uow: UnitOfWork) -> list[KnownIndicator]:
    with uow:
        return uow.indicators.all()


def open_reports(uow: UnitOfWork) -> list[FalsePositiveReport]:
    with uow:
        return uow.indicators.open_reports()


def get_indicator(uow: UnitOfWork, indicator_id: int) -> KnownIndicator:
    with uow:
        return _get(uow, indicator_id)


def store_entries(uow: UnitOfWork, now: datetime) -> list[tuple[str, str, str]]:
    """(kind, value, category) of every nationally shared indicator in force: what the
    detection engine matches on every post. Indicators shared more narrowly are matched
    once a post's clue is known (services/matrix/scoped.py)."""
    return [
        (i.kind, i.value, i.category.value)
        for i in list_indicators(uow)
        if i.in_force(now) and i.sharing_level is SharingLevel.NATIONAL
    ]


def snapshot(i: KnownIndicator) -> dict[str, Any]:
    return {
        "kind": i.kind,
        "value": i.value,
        "category": i.category.value,
        "sharing_level": i.sharing_level.value,
        "review": i.review.value,
        "proposer": i.proposer,
        "reviewer": i.reviewer,
        "note": i.note,
        "source_clue_id": i.source_clue_id,
        "source_report_id": i.source_report_id,
        "expires_at": i.expires_at.isoformat() if i.expires_at else None,
    }


def _get(uow: UnitOfWork, indicator_id: int) -> KnownIndicator:
    indicator = uow.indicators.get(indicator_id)
    if indicator is None:
        raise NotFound(f"indicator {indicator_id} does not exist")
    return indicator


def _audit(
    uow: UnitOfWork,
    indicator: KnownIndicator,
    actor: str,
    action: str,
    at: datetime,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
) -> None:
    record(
        uow,
        actor=actor,
        action=action,
        subject_type="indicator",
        subject_id=indicator.id,
        at=at,
        unit_id=indicator.unit_id,
        before=before,
        after=after,
        reason=reason,
    )
