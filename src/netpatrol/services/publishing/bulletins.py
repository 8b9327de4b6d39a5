"""Typical-case bulletins (典型案例通报, M8), drafted from a closed case with the personal
data removed: no names, accounts, numbers, links or places below the city."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.categories import CATEGORY_NAMES_ZH
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.domain.posts import PLATFORM_NAMES_ZH
from netpatrol.domain.publications import Publication, PublicationKind
from netpatrol.services.accounts.acting import Acting
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.measures.legal import catalogue_in
from netpatrol.services.measures.warnings import CHINA_TIME
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.publishing import publications
from netpatrol.services.publishing.redaction import redact

Clock = Callable[[], datetime]
EXCERPT = 120


def draft_bulletin(
    uow: UnitOfWork,
    clue_id: int,
    catalogue: LegalCatalogue,
    actor: Acting,
    clock: Clock,
    platforms: tuple[str, ...] = ("weibo", "wechat"),
) -> Publication:
    """A draft bulletin of a clue whose case is closed, for the clue's unit's accounts;
    the author edits it before a supervisor approves it."""
    with uow:
        clue, post, unit = clue_context(uow, clue_id)
        cases = [
            m
            for m in uow.measures.for_clue(clue_id)
            if m.kind is MeasureKind.CASE and m.status is MeasureStatus.CLOSED
        ]
        if not cases:
            raise RuleViolation(f"clue {clue_id} has no closed case to report")
        case = cases[-1]
        bases = catalogue_in(uow, catalogue, unit.id or 0).resolve(case.legal_bases)
    names = [post.author.name, post.author.id]
    excerpt = redact(post.text, names)
    if len(excerpt) > EXCERPT:
        excerpt = excerpt[:EXCERPT] + "…"
    reason = redact(str(case.details.get("reason", "")), names)
    category = CATEGORY_NAMES_ZH[clue.category]
    when = post.created_at.astimezone(CHINA_TIME).strftime("%Y年%m月")
    body = (
        f"{when}，{unit.name}网警在网上巡查中发现，有网民在{PLATFORM_NAMES_ZH[post.platform]}"
        f"发布涉嫌{category}的信息：“{excerpt}”。\n"
        f"经调查，{reason or '该行为涉嫌违法'}。公安机关依据"
        f"{'、'.join(b.law + b.article for b in bases)}依法立案查处，现已办结。\n"
        "警方提示：网络不是法外之地，请广大网民增强防范意识，发现违法线索请及时举报。"
    )
    return publications.draft(
        uow,
        publications.Draft(
            kind=PublicationKind.CASE_BULLETIN,
            unit_code=unit.code,
            title=f"{unit.name}网警通报一起{category}典型案例",
            body=body,
            targets=[(unit.code, p) for p in platforms if unit.channel_accounts.get(p)],
            source_clue_id=clue_id,
        ),
        actor,
        clock,
    )
