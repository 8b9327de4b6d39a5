"""Display names of the rumour and publishing codes, as English messages for the catalogues."""

from __future__ import annotations

from netpatrol.web.i18n import N_

PUBLICATION_KINDS = {
    "fraud_alert": N_("Fraud alert"),
    "case_bulletin": N_("Typical case"),
    "safety_tip": N_("Safety tip"),
    "debunk": N_("Debunk"),
}
PUBLICATION_STATUSES = {
    "draft": N_("Draft"),
    "approved": N_("Approved, waiting for its time"),
    "published": N_("Published"),
    "withdrawn": N_("Withdrawn"),
}
TARGET_STATUSES = {
    "pending": N_("Waiting"),
    "published": N_("Posted"),
    "failed": N_("Failed"),
}
CLUSTER_STATUSES = {
    "watching": N_("Spreading, not checked"),
    "checking": N_("Being checked"),
    "checked": N_("Checked"),
    "debunked": N_("Debunked"),
}
VERDICTS = {
    "false": N_("False"),
    "misleading": N_("Misleading"),
    "true": N_("True"),
    "unverified": N_("Unverified"),
}
CHECK_STATUSES = {
    "open": N_("Open"),
    "submitted": N_("Verdict proposed"),
    "approved": N_("Approved"),
}
SOURCE_KINDS = {
    "link": N_("Link"),
    "note": N_("Note"),
    "agency": N_("Agency asked"),
}
MEMBER_KINDS = {
    "first": N_("First post"),
    "variant": N_("New variant"),
    "copy": N_("Repost or copy"),
}
ALL = {
    "publication_kinds": PUBLICATION_KINDS,
    "publication_statuses": PUBLICATION_STATUSES,
    "target_statuses": TARGET_STATUSES,
    "cluster_statuses": CLUSTER_STATUSES,
    "verdicts": VERDICTS,
    "check_statuses": CHECK_STATUSES,
    "source_kinds": SOURCE_KINDS,
    "member_kinds": MEMBER_KINDS,
}
