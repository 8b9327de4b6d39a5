"""Reports from the public (群众举报, M7): checked, limited, folded into clues, with a
receipt whose code the reporter alone holds."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from netpatrol.detect.indicators import extract
from netpatrol.detect.neardup import MinHasher
from netpatrol.detect.pipeline import Engine
from netpatrol.detect.scoring import Verdict
from netpatrol.domain.appeals import Appeal, appeal_of
from netpatrol.domain.categories import Category, Severity
from netpatrol.domain.clues import Clue, ClueStatus, merge_keys
from netpatrol.domain.errors import DomainError, NotFound
from netpatrol.domain.evidence import EvidenceItem, digest
from netpatrol.domain.findings import Finding
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.publications import Publication, PublicationKind, PublicationStatus
from netpatrol.domain.reports import (
    REPORT_DETECTOR,
    Outcome,
    Report,
    code_digest,
    new_code,
    normalise_code,
    outcome_of,
)
from netpatrol.domain.units import Jurisdictions
from netpatrol.services.clues.participants import touch_units
from netpatrol.services.oversight.audit import record
from netpatrol.services.patrol.batch import MERGING_INDICATORS, TriagePolicy, finding_of, merge_refs
from netpatrol.services.patrol.spread import cluster_key, cluster_of_ref, teach_debunked
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.public.report_input import Submission as Submission
from netpatrol.services.public.report_input import check as check
from netpatrol.services.public.sealing import Sealer
from netpatrol.services.public.volunteers import standing
from netpatrol.services.publishing.ports import PublicationQuery

Clock = Callable[[], datetime]
PUBLIC = "public"
HOSTS = {"weibo.com": Platform.WEIBO, "weibo.cn": Platform.WEIBO, "qq.com": Platform.WECHAT}
HOSTS |= {"tieba.baidu.com": Platform.TIEBA}
_hasher = MinHasher()


class RateLimited(DomainError):
    """Too many reports from one client; `retry_after` seconds until the next is taken."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    """Per client: a burst limit and a daily one (a flood cannot bury the queue)."""

    burst: int = 5
    burst_window: timedelta = timedelta(minutes=10)
    daily: int = 30


@dataclass(frozen=True)
class Receipt:
    code: str  # shown once; only its digest is kept
    report_id: int
    folded: bool


@dataclass(frozen=True)
class ReceiptView:
    code: str
    category: Category
    received_at: datetime
    outcome: Outcome
    closed: bool
    debunks: list[Publication] = field(default_factory=list)  # of the claim reported
    may_appeal: bool = False  # the report was dismissed, and not appealed yet
    appeal: Appeal | None = None  # the reporter's appeal against the dismissal


def submit(
    uow: UnitOfWork,
    sub: Submission,
    engine: Engine,
    policy: TriagePolicy,
    sealer: Sealer,
    clock: Clock,
    limits: Limits = Limits(),
) -> Receipt:
    """Check, limit, then fold the report into an open clue about the same link or a
    near-duplicate text, or open a clue routed by the reporter's region; commit once."""
    category, text, link, shot_type = check(sub)
    with uow:  # wordings debunked since the engine last learned are recognised too
        teach_debunked(uow, engine)
    verdict = engine.run([f"{text} {link}".strip()])[0]
    keys = set(merge_refs(verdict)) | _link_keys(link) | _text_keys(text) | _cluster_keys(verdict)
    code = new_code("R")
    receipt_sha = code_digest(code)
    client_key = sealer.client_key(sub.client or "unknown")
    now = clock()
    with uow:
        _limit(uow, client_key, now, limits)
        volunteer_id, priority = None, 0.0
        if sub.volunteer_key:
            volunteer = uow.volunteers.by_key(code_digest(sub.volunteer_key))
            if volunteer is None:
                raise NotFound("no volunteer holds this key")
            volunteer_id = volunteer.id
            priority = standing(uow, volunteer.id or 0).score - 0.5
        found = uow.clues.open_by_keys(keys)
        if found:
            clue = found[0]
            clue.priority = max(clue.priority, priority)
            clue.updated_at = now
            uow.clues.update(clue)
        else:
            post = _report_post(text, link, sub.region, now)
            clue = _open_clue(uow, post, sub.region, category, verdict, engine, policy, priority)
        assert clue.id is not None
        uow.clues.add_keys(clue.id, keys)
        touch_units(uow, [(clue, (sub.region,))], now, "the region of a person who reported it")
        if sub.screenshot is not None:  # kept once, as evidence of the clue
            uow.evidence.add(
                EvidenceItem(
                    clue.id,
                    "screenshot",
                    sub.screenshot,
                    digest(sub.screenshot),
                    now,
                    PUBLIC,
                    PUBLIC,
                )
            )
        report = uow.reports.add(
            Report(
                receipt_sha256=receipt_sha,
                category=category,
                text=text,
                link=link,
                created_at=now,
                client_key=client_key,
                contact_sealed=sealer.seal(sub.contact.strip()),
                region=sub.region.strip()[:100],
                clue_id=clue.id,
                volunteer_id=volunteer_id,
                screenshot_sha256=digest(sub.screenshot) if sub.screenshot else "",
                screenshot_type=shot_type,
                folded=bool(found),
            )
        )
        record(
            uow,
            actor=PUBLIC,
            action="report.folded" if found else "report.received",
            subject_type="report",
            subject_id=report.id,
            at=now,
            unit_id=clue.unit_id,
            after={"clue_id": clue.id, "category": category.value, "volunteer": volunteer_id},
        )
        uow.commit()
    return Receipt(code, report.id or 0, bool(found))


def _limit(uow: UnitOfWork, client_key: str, now: datetime, limits: Limits) -> None:
    if uow.reports.count_since(client_key, now - limits.burst_window) >= limits.burst:
        wait = int(limits.burst_window.total_seconds())
        raise RateLimited(f"at most {limits.burst} reports in {wait // 60} minutes", wait)
    if uow.reports.count_since(client_key, now - timedelta(days=1)) >= limits.daily:
        raise RateLimited(f"at most {limits.daily} reports a day", 24 * 3600)


def _open_clue(
    uow: UnitOfWork,
    now_post: Post,
    region: str,
    category: Category,
    verdict: Verdict,
    engine: Engine,
    policy: TriagePolicy,
    priority: float,
) -> Clue:
    """The post standing for what was reported (its author is unknown), its finding, and
    a clue routed by the reporter's region, else by a place the report names."""
    uow.posts.add_many([now_post])
    jurisdictions = Jurisdictions(uow.units.all())
    unit = jurisdictions.route(region)
    if unit is jurisdictions.national:
        unit = jurisdictions.route(now_post.text)
    assert unit.id is not None
    now = now_post.created_at
    detected = verdict.severity is not None and verdict.category is category
    severity = verdict.severity if detected and verdict.severity else Severity.LOW
    clue = Clue(
        unit_id=unit.id,
        category=category,
        severity=severity,
        post_id=now_post.id or 0,
        reach=0,
        sharing_level=policy.sharing.level_for(severity),
        created_at=now,
        updated_at=now,
        due_at=policy.service_levels.due(severity, 0, now),
        priority=priority,
    )
    uow.clues.add_many([clue])
    assert clue.id is not None
    uow.clues.add_keys(
        clue.id, merge_keys(now_post.platform.value, now_post.external_id, now_post.author.id, [])
    )
    if detected:
        finding = finding_of(verdict, severity, now_post.id, engine.versions(), now)
    else:
        finding = Finding(category, 0.0, severity, [], REPORT_DETECTOR, "1", now_post.id)
        finding.created_at = now
    finding.clue_id = clue.id
    uow.findings.add_many([finding])
    record(
        uow,
        actor=PUBLIC,
        action="clue.routed",
        subject_type="clue",
        subject_id=clue.id,
        at=now,
        unit_id=unit.id,
        after={"post_id": now_post.id, "unit_id": unit.id, "severity": severity.value},
        reason=f"public report; reporter's region: {region or '(none given)'}",
    )
    return clue


def _report_post(text: str, link: str, region: str, now: datetime) -> Post:
    host = (urlsplit(link).hostname or "").lower() if link else ""
    platform = next((p for h, p in HOSTS.items() if host == h or host.endswith("." + h)), None)
    token = hashlib.sha256(
        f"{text}\n{link}\n{now.isoformat()}\n{new_code('P')}".encode()
    ).hexdigest()
    return Post(
        platform=platform or Platform.WEB,
        external_id=f"report-{token[:20]}",
        author=Author(id=f"reported-{token[:12]}", name="（被举报内容）", region=region[:64]),
        text=text or link,
        created_at=now,
        links=[link] if link else [],
    )


def _link_keys(link: str) -> set[str]:
    if not link:
        return set()
    folded = unicodedata.normalize("NFKC", link).lower()
    return {
        f"indicator:{i.kind.value}:{i.value}"
        for i in extract(folded)
        if i.kind.value in MERGING_INDICATORS
    } | {f"report-link:{hashlib.sha256(folded.rstrip('/').encode()).hexdigest()}"}


def _cluster_keys(verdict: Verdict) -> set[str]:
    """A report of a known rumour's wording joins the clue of its spread cluster."""
    found = (cluster_of_ref(s.ref) for s in verdict.evidence if s.ref)
    return {cluster_key(c) for c in found if c is not None}


def _text_keys(text: str) -> set[str]:
    """MinHash band keys of the text: near-duplicate reports share at least one."""
    compact = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())
    if len(compact) < 12:
        return {f"report-text:{compact}"} if compact else set()
    bands = _hasher.band_keys(_hasher.signatures([compact]))[0]
    return {f"report-nd:{i}:{int(key):x}" for i, key in enumerate(bands)}


def receipt(uow: UnitOfWork, code: str) -> ReceiptView:
    """What the holder of a receipt code may know: the report's category and date, and
    what came of it in plain words; nothing about the clue or anyone in it."""
    with uow:
        report = uow.reports.by_receipt(code_digest(code))
        if report is None or report.clue_id is None:
            raise NotFound("no report has this receipt code")
        clue = uow.clues.get(report.clue_id)
        measures = uow.measures.for_clue(report.clue_id)
        debunks = _debunks_of(uow, report.clue_id)
    claimed = clue is not None and clue.status is ClueStatus.CLAIMED
    outcome = outcome_of(measures, claimed)
    closed = clue is not None and clue.status in (ClueStatus.ACTIONED, ClueStatus.CLOSED)
    dismissal = next((m for m in reversed(measures) if m.kind is MeasureKind.DISMISSAL), None)
    appeal = appeal_of(dismissal) if dismissal else None
    may_appeal = dismissal is not None and appeal is None and outcome is Outcome.NO_VIOLATION
    return ReceiptView(
        normalise_code(code),
        report.category,
        report.created_at,
        outcome,
        closed,
        debunks,
        may_appeal,
        appeal,
    )


def _debunks_of(uow: UnitOfWork, clue_id: int) -> list[Publication]:
    """Published debunks of the spread clusters the clue gathers: everyone who reported the
    claim finds the answer on their receipt."""
    prefix = cluster_key(0)[:-1]
    clusters = [
        int(k[len(prefix) :])
        for k in uow.clues.keys_of(clue_id)
        if k.startswith(prefix) and k[len(prefix) :].isdigit()
    ]
    found: list[Publication] = []
    for cluster_id in clusters:
        query = PublicationQuery(
            kinds=[PublicationKind.DEBUNK],
            statuses=[PublicationStatus.PUBLISHED],
            cluster_id=cluster_id,
        )
        found += uow.publications.listing(query, 5, 0)
    return found
