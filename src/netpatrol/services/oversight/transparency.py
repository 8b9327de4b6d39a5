"""Statements of reasons (M10, M11): each measure as a record with the fields of the EU DSA
transparency database, named as there, so a measure can be explained to anyone."""

from __future__ import annotations

from typing import Any

from netpatrol.domain.categories import CATEGORY_NAMES_ZH, Category
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import Measure, MeasureKind
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


def statements_of_reasons(uow: UnitOfWork, catalogue: LegalCatalogue) -> list[dict[str, Any]]:
    with uow:
        return [_statement(uow, m, catalogue) for m in uow.measures.all()]


def _statement(uow: UnitOfWork, measure: Measure, catalogue: LegalCatalogue) -> dict[str, Any]:
    clue, post, unit = clue_context(uow, measure.clue_id)
    applying = catalogue_in(uow, catalogue, unit.id or 0)
    bases = [b for b in (applying.get(code) for code in measure.legal_bases) if b]
    findings = uow.findings.for_clue(measure.clue_id)
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
        "automated_detection": "Yes" if findings else "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "territorial_scope": ["CN"],
        "source_type": "SOURCE_VOLUNTARY",
        "content_date": post.created_at.date().isoformat(),
        "application_date": measure.created_at.date().isoformat(),
        "puid": f"{post.platform.value}:{post.external_id}",
        "unit": unit.code,
    }
