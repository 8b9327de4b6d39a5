"""Display names of the indicator store's codes (M9), as English messages for the
catalogues."""

from __future__ import annotations

from netpatrol.web.i18n import N_

REVIEW_STATES = {
    "proposed": N_("Awaiting review"),
    "confirmed": N_("Confirmed"),
    "under_review": N_("Disputed: under review"),
    "rejected": N_("Rejected"),
    "removed": N_("Removed"),
}
SHARING_LEVELS = {
    "unit": N_("Own unit"),
    "province": N_("Province"),
    "national": N_("National"),
}
KINDS = {
    "phone": N_("Mobile number"),
    "landline": N_("Landline"),
    "qq": N_("QQ"),
    "wechat": N_("WeChat id"),
    "url": N_("Link"),
    "domain": N_("Domain"),
    "short_link": N_("Short link"),
    "bank_card": N_("Bank card"),
    "alipay": N_("Alipay account"),
    "crypto": N_("Crypto wallet"),
}
REPORT_SOURCES = {"officer": N_("Officer"), "public": N_("Member of the public")}
ALL = {
    "review": REVIEW_STATES,
    "sharing": SHARING_LEVELS,
    "kinds": KINDS,
    "sources": REPORT_SOURCES,
}
