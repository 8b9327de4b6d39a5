"""Read models for the queue and the clue page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from netpatrol.domain.appeals import Appeal, appeal_of
from netpatrol.domain.audit import AuditEntry
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.errors import NotFound
from netpatrol.domain.findings import Finding
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.policy import MeasurePolicy, MeasureRule
from netpatrol.domain.posts import Post
from netpatrol.domain.units import Unit
from netpatrol.domain.users import Visibility, within
from netpatrol.services.clues.participants import sees
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

MAX_PAGE = 500
DETAIL_PAGE = 50  # findings and audit entries a clue page shows at first, and per "more"
READ = "clue.read"
LISTED = "clues.listed"


@dataclass
class ClueView:
    clue: Clue
    post: Post
    unit: Unit
    findings: list[Finding] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    suggestion: MeasureRule | None = None
    post_findings: list[Finding] = field(default_factory=list)  # what marks the post's text
    older_findings: int = 0  # the id to ask for older findings before; 0: none older
    older_audit: int = 0  # the seq likewise for the audit trail
    posts: list[Post] = field(default_factory=list)  # every post gathered (latest findings')


def list_units(uow: UnitOfWork) -> list[Unit]:
    with uow:
        return uow.units.all()


def clue_queue(
    uow: UnitOfWork,
    unit_code: str | None = None,
    status: ClueStatus | None = None,
    limit: int = 50,
    offset: int = 0,
    reader: str | None = None,
    at: datetime | None = None,
    filters: ClueQuery | None = None,
) -> list[ClueView]:
    """A unit's queue (and the units below it), most urgent first, narrowed by `filters`
    (which carry what the reader may see). With a `reader`, the listing (it shows authors)
    is written to the audit log."""
    limit = max(1, min(limit, MAX_PAGE))
    query = filters or ClueQuery()
    if status is not None:
        query = replace(query, status=status)
    with uow:
        units = {u.id: u for u in uow.units.all()}
        if unit_code is not None:
            root = next((u for u in units.values() if u.code == unit_code), None)
            if root is None:
                raise NotFound(f"unit {unit_code} does not exist")
            by_code = {u.code: u for u in units.values()}
            unit_ids = [i for i, u in units.items() if i is not None and within(u, root, by_code)]
            query = replace(query, unit_ids=unit_ids)
        clues = uow.clues.queue(query, limit, max(offset, 0))
        posts = uow.posts.get_many(c.post_id for c in clues)
        if reader is not None and at is not None and clues:
            record(
                uow,
                actor=reader,
                action=LISTED,
                subject_type="queue",
                subject_id=unit_code or "all",
                at=at,
                after={"clues": [c.id for c in clues]},
            )
            uow.commit()
        return [ClueView(c, posts[c.post_id], units[c.unit_id]) for c in clues]


def clue_context(uow: UnitOfWork, clue_id: int) -> tuple[Clue, Post, Unit]:
    """The clue with its post and unit, inside an open unit of work."""
    clue = uow.clues.get(clue_id)
    if clue is None:
        raise NotFound(f"clue {clue_id} does not exist")
    post = uow.posts.get(clue.post_id)
    unit = uow.units.get(clue.unit_id)
    if post is None or unit is None:
        raise NotFound(f"clue {clue_id} refers to a missing post or unit")
    return clue, post, unit


def clue_detail(
    uow: UnitOfWork,
    clue_id: int,
    policy: MeasurePolicy | None = None,
    reader: str | None = None,
    at: datetime | None = None,
    seen: Visibility | None = None,
) -> ClueView:
    """The clue with everything about it, and the measure the graduated policy suggests.

    With a `reader`, the read of the author's data is written to the audit log (M11); a
    clue outside `seen` reads as missing.
    """
    with uow:
        clue, post, unit = clue_context(uow, clue_id)
        if seen is not None and not sees(uow, seen, clue):
            raise NotFound(f"clue {clue_id} does not exist")
        findings, older_findings = _findings_page(uow, clue_id, 0)
        measures = uow.measures.for_clue(clue_id)
        audit, older_audit = _audit_page(uow, clue_id, measures, 0)
        suggestion = None
        if policy is not None:
            key = f"author:{post.platform.value}:{post.author.id}"
            prior = max(uow.clues.count_with_key(key) - 1, 0)
            warned = len(earlier_warnings(uow, clue, key))
            suggestion = policy.default_for(
                clue.category.value, clue.severity, clue.reach, prior, warned
            )
        if reader is not None and at is not None:
            record(
                uow,
                actor=reader,
                action="clue.read",
                subject_type="clue",
                subject_id=clue_id,
                at=at,
                unit_id=clue.unit_id,
                after={"author": f"{post.platform.value}:{post.author.id}"},
            )
            uow.commit()
        return ClueView(  # the latest pages, oldest first as they happened
            clue,
            post,
            unit,
            findings[::-1],
            measures,
            audit[::-1],
            suggestion,
            uow.findings.for_post(post.id or 0),
            older_findings,
            older_audit,
            _posts_of(uow, findings),
        )


def _posts_of(uow: UnitOfWork, findings: list[Finding]) -> list[Post]:
    """The posts gathered under a clue (the same text from several posts is one clue)."""
    found = uow.posts.get_many(f.post_id for f in findings if f.post_id)
    return [found[i] for i in sorted(found)]


def _findings_page(uow: UnitOfWork, clue_id: int, before_id: int) -> tuple[list[Finding], int]:
    page = uow.findings.page_for_clue(clue_id, before_id, DETAIL_PAGE + 1)
    more = page[DETAIL_PAGE - 1].id or 0 if len(page) > DETAIL_PAGE else 0
    return page[:DETAIL_PAGE], more


def _audit_page(
    uow: UnitOfWork, clue_id: int, measures: list[Measure], before_seq: int
) -> tuple[list[AuditEntry], int]:
    # the trail shows changes; reads are in the log for the auditors
    subjects = [("clue", str(clue_id))] + [("measure", str(m.id)) for m in measures]
    page = uow.audit.page_for_subjects(subjects, before_seq, DETAIL_PAGE + 1, skip=".read")
    more = page[DETAIL_PAGE - 1].seq or 0 if len(page) > DETAIL_PAGE else 0
    return page[:DETAIL_PAGE], more


def older_findings(uow: UnitOfWork, clue_id: int, before_id: int) -> tuple[list[Finding], int]:
    """A clue's findings older than `before_id`, newest first, and where the next page
    starts (0: none left); a rumour clue may gather a million."""
    with uow:
        return _findings_page(uow, clue_id, max(before_id, 1))


def older_audit(uow: UnitOfWork, clue_id: int, before_seq: int) -> tuple[list[AuditEntry], int]:
    """The clue's audit trail (its measures' included) before `before_seq`, newest first."""
    with uow:
        return _audit_page(uow, clue_id, uow.measures.for_clue(clue_id), max(before_seq, 1))


@dataclass
class Related:
    """What the clue page shows beside the clue: the author's other clues with this unit
    and the warnings sent on them, and clues sharing an indicator or a near-duplicate
    cluster."""

    author_history: list[ClueView]
    related: list[ClueView]
    warnings: list[Measure] = field(default_factory=list)


RELATED_LIMIT = 20
UNDONE = (MeasureStatus.WITHDRAWN, MeasureStatus.REJECTED)


def earlier_warnings(uow: UnitOfWork, clue: Clue, author_key: str) -> list[Measure]:
    """Warnings the author had on the unit's other clues, not withdrawn, newest first:
    a repeat offender is answered more firmly (the policy says when)."""
    others = [
        c.id or 0
        for c in uow.clues.with_keys([author_key], RELATED_LIMIT + 1)
        if c.id != clue.id and c.unit_id == clue.unit_id
    ]
    found = [
        m
        for measures in uow.measures.for_clues(others).values()
        for m in measures
        if m.kind is MeasureKind.WARNING and m.status not in UNDONE
    ]
    return sorted(found, key=lambda m: m.created_at, reverse=True)


def related_clues(uow: UnitOfWork, clue_id: int, seen: Visibility | None = None) -> Related:
    with uow:
        clue, post, _ = clue_context(uow, clue_id)
        keys = uow.clues.keys_of(clue_id)
        author_key = f"author:{post.platform.value}:{post.author.id}"
        shared = {k for k in keys if not k.startswith(("author:", "post:"))}
        history = [
            c
            for c in uow.clues.with_keys([author_key], RELATED_LIMIT + 1)
            if c.id != clue_id and c.unit_id == clue.unit_id
        ]
        related = [c for c in uow.clues.with_keys(shared, RELATED_LIMIT + 1) if c.id != clue_id]
        if seen is not None:
            related = [c for c in related if seen.allows(c.unit_id, c.sharing_level)]
            history = [c for c in history if seen.allows(c.unit_id, c.sharing_level)]
        units = {u.id: u for u in uow.units.all()}
        posts = uow.posts.get_many(c.post_id for c in history + related)

        def views(clues: list[Clue]) -> list[ClueView]:
            return [ClueView(c, posts[c.post_id], units[c.unit_id]) for c in clues[:RELATED_LIMIT]]

        warnings = [
            m
            for m in earlier_warnings(uow, clue, author_key)
            if m.clue_id in {c.id for c in history}
        ]
        return Related(views(history), views(related), warnings)


@dataclass
class Pending:
    """A measure waiting for a supervisor: a proposed case, or a measure under appeal."""

    measure: Measure
    view: ClueView
    appeal: Appeal | None = None


AWAITING = (MeasureStatus.PROPOSED, MeasureStatus.APPEALED)


def awaiting_approval(
    uow: UnitOfWork,
    seen: Visibility,
    reader: str = "",
    at: datetime | None = None,
    limit: int = 200,
) -> list[Pending]:
    """The approvals inbox: pending measures on clues of the reader's own units, escalated
    appeals first. A reader who sees appellants' grounds (personal data) is audited."""
    with uow:
        own = sorted(seen.own) if seen.own is not None else None
        mine = uow.measures.with_status(AWAITING, limit, own)
        clues = uow.clues.get_many({m.clue_id for m in mine})
        posts = uow.posts.get_many(clues[m.clue_id].post_id for m in mine)
        units = {u.id: u for u in uow.units.all()}
        pending = [
            Pending(
                m,
                ClueView(
                    clues[m.clue_id],
                    posts[clues[m.clue_id].post_id],
                    units[clues[m.clue_id].unit_id],
                ),
                appeal_of(m),
            )
            for m in mine
        ]
        appealed = [p.measure.id for p in pending if p.appeal]
        if reader and at is not None and appealed:
            record(
                uow,
                actor=reader,
                action="measure.read",
                subject_type="measure",
                subject_id="approvals",
                at=at,
                after={"measures": appealed},
                reason="appeal grounds",
            )
            uow.commit()
        # an appeal past its deadline (escalated by the timers) comes first
        return sorted(pending, key=lambda p: not (p.appeal and p.appeal.escalated_at))
