"""Statements of reasons (M10, M11): each measure as a record with the fields of the EU DSA
transparency database, named as there, so a measure can be explained to anyone."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from netpatrol.domain.categories import CATEGORY_NAMES_ZH, Category
from netpatrol.domain.clues import Clue
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import Measure, MeasureKind
from netpatrol.domain.posts import Platform
from netpatrol.domain.reports import REPORT_DETECTOR
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.measures.legal import catalogue_in
from netpatrol.services.ports import UnitOfWork

DSA_CATEGORY = {
    Category.FRAUD: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Category.PHISHING: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Category.GAMBLING: "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
    Category.DRUGS: "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
    Category.GUNS: "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
    Category.EXPLOSIVES: "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    Category.PORNOGRAPHY: "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
    Category.FAKE_DOCUMENTS: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    Category.INSULT: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    Category.RUMOUR: "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
}
VISIBILITY = {
    MeasureKind.WARNING: "DECISION_VISIBILITY_OTHER",
    MeasureKind.TAKEDOWN: "DECISION_VISIBILITY_CONTENT_REMOVED",
    MeasureKind.CASE: "DECISION_VISIBILITY_OTHER",
    MeasureKind.REFERRAL: "DECISION_VISIBILITY_OTHER",
    MeasureKind.DISMISSAL: "DECISION_VISIBILITY_OTHER",
}


PLATFORM_NAMES = {
    Platform.WEIBO: "Weibo",
    Platform.WECHAT: "WeChat",
    Platform.TIEBA: "Baidu Tieba",
    Platform.WEB: "Other website",
}


def statements_of_reasons(
    uow: UnitOfWork, catalogue: LegalCatalogue, unit_ids: Collection[int] | None = None
) -> list[dict[str, Any]]:
    """Every measure (on clues of `unit_ids`; None: every unit) as a statement of reasons."""
    with uow:
        return [
            statement
            for m in uow.measures.all()
            if (statement := _statement(uow, m, catalogue, unit_ids)) is not None
        ]


def _origin(uow: UnitOfWork, clue: Clue) -> tuple[str, str]:
    """(source_type, automated_detection). A citizen's report that did not fold into an
    open clue opened this one; otherwise the unit's own patrol did. A detector raised it
    when one of ours found a post of it by patrol (the report's own post aside)."""
    reported = any(not r.folded for r in uow.reports.for_clue(clue.id or 0))
    detected = any(
        f.detector != REPORT_DETECTOR and not (reported and f.post_id == clue.post_id)
        for f in uow.findings.for_clue(clue.id or 0)
    )
    return ("SOURCE_ARTICLE_16" if reported else "SOURCE_VOLUNTARY"), ("Yes" if detected else "No")


def _statement(
    uow: UnitOfWork, measure: Measure, catalogue: LegalCatalogue, unit_ids: Collection[int] | None
) -> dict[str, Any] | None:
    clue, post, unit = clue_context(uow, measure.clue_id)
    if unit_ids is not None and clue.unit_id not in unit_ids:
        return None
    applying = catalogue_in(uow, catalogue, unit.id or 0)
    bases = [b for b in (applying.get(code) for code in measure.legal_bases) if b]
    source_type, automated = _origin(uow, clue)
    illegal = measure.kind is not MeasureKind.DISMISSAL
    return {
        "uuid": f"netpatrol-measure-{measure.id}",
        "decision_visibility": [VISIBILITY[measure.kind]],
        "decision_visibility_other": measure.kind.value if illegal else "no action",
        "decision_ground": (
            "DECISION_GROUND_ILLEGAL_CONTENT" if illegal else "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        ),
        "illegal_content_legal_ground": "; ".join(f"{b.law} {b.article}" for b in bases),
        "illegal_content_explanation": (
            f"{CATEGORY_NAMES_ZH[clue.category]}: "
            + "; ".join(b.covers for b in bases)
            + (f" ({measure.details['reason']})" if measure.details.get("reason") else "")
        ),
        "category": DSA_CATEGORY[clue.category],
        "automated_detection": automated,
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "territorial_scope": ["CN"],
        "source_type": source_type,
        "content_type": ["CONTENT_TYPE_TEXT"],
        "platform_name": PLATFORM_NAMES[post.platform],
        "content_date": post.created_at.date().isoformat(),
        "application_date": measure.created_at.date().isoformat(),
        "puid": f"{post.platform.value}:{post.external_id}",
        "unit": unit.code,
    }
