"""Display names of the domain's codes, as English messages for the catalogues."""

from __future__ import annotations

from netpatrol.web.i18n import N_

CATEGORIES = {
    "normal": N_("Normal"),
    "ad": N_("Advertising"),
    "fraud": N_("Fraud"),
    "phishing": N_("Phishing and trojans"),
    "gambling": N_("Gambling"),
    "drugs": N_("Drugs"),
    "guns": N_("Guns"),
    "explosives": N_("Explosives"),
    "pornography": N_("Pornography"),
    "fake_documents": N_("Forged documents"),
    "insult": N_("Insult and defamation"),
    "rumour": N_("Rumour"),
}
SEVERITIES = {
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    "critical": N_("Critical"),
}
CLUE_STATUSES = {
    "open": N_("Open"),
    "claimed": N_("Claimed"),
    "actioned": N_("Actioned"),
    "closed": N_("Closed"),
}
PLATFORMS = {
    "weibo": N_("Weibo"),
    "wechat": N_("WeChat"),
    "tieba": N_("Tieba"),
    "web": N_("Other website"),
}
MEASURE_KINDS = {
    "warning": N_("Warning"),
    "takedown": N_("Takedown notice"),
    "case": N_("Case"),
    "referral": N_("Referral"),
    "dismissal": N_("Dismissal"),
}
MEASURE_STATUSES = {
    "proposed": N_("Proposed"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "sent": N_("Sent"),
    "acknowledged": N_("Acknowledged"),
    "heeded": N_("Heeded"),
    "escalated": N_("Escalated"),
    "appealed": N_("Appealed"),
    "withdrawn": N_("Withdrawn"),
    "confirmed": N_("Confirmed"),
    "overdue": N_("Overdue"),
    "answered": N_("Answered"),
    "closed": N_("Closed"),
    "recorded": N_("Recorded"),
    "refused": N_("Refused by the platform"),
    "needs_more": N_("The platform asks for more"),
    "accepted": N_("Accepted by the agency"),
    "declined": N_("Declined by the agency"),
    "done": N_("Done by the agency"),
}
ROLES = {
    "officer": N_("Officer"),
    "supervisor": N_("Supervisor"),
    "unit_admin": N_("Unit admin"),
    "national_desk": N_("National desk"),
    "auditor": N_("Auditor"),
}
OUTCOMES = {
    "received": N_("Received: it waits for an officer to look at it."),
    "under_review": N_("An officer is looking into it."),
    "warned": N_("We sent the author a warning asking them to correct it."),
    "taken_down": N_("We asked the platform to take it down."),
    "case_opened": N_("A case has been opened."),
    "referred": N_("It was passed to the competent agency."),
    "no_violation": N_("We looked into it and found nothing unlawful."),
}
JUDGEMENTS = {
    "pending": N_("Not judged yet"),
    "confirmed": N_("Tip confirmed"),
    "dismissed": N_("Tip dismissed"),
}
REFUSAL_REASONS = {
    "not_unlawful": N_("The platform finds it lawful"),
    "insufficient_evidence": N_("Not enough evidence"),
    "not_found": N_("Not found on the platform"),
    "not_our_service": N_("Not the platform's service"),
    "other": N_("Other reason"),
}
AGENCY_KINDS = {
    "market_regulation": N_("Market regulation"),
    "telecom": N_("Telecom administration"),
    "cyberspace": N_("Cyberspace administration"),
    "bank_antifraud": N_("Banks' anti-fraud centre"),
    "education": N_("Education"),
    "health": N_("Health"),
}
# the shipped policy's rule names (data/policy.json), so the console says them in Chinese;
# a unit's own rules show as the unit wrote them
POLICY_RULES = (
    N_("crimes go to a case"),
    N_("warned twice before: a case"),
    N_("repeat offenders' posts are taken down"),
    N_("wide reach is taken down"),
    N_("everything else: a warning first"),
)
ALL = {
    "refusal_reasons": REFUSAL_REASONS,
    "agency_kinds": AGENCY_KINDS,
    "categories": CATEGORIES,
    "severities": SEVERITIES,
    "clue_statuses": CLUE_STATUSES,
    "platforms": PLATFORMS,
    "measure_kinds": MEASURE_KINDS,
    "measure_statuses": MEASURE_STATUSES,
    "roles": ROLES,
    "outcomes": OUTCOMES,
    "judgements": JUDGEMENTS,
}
