"""Display names of assistance requests' codes (协查), as English messages for the catalogues."""

from __future__ import annotations

from netpatrol.web.i18n import N_

KINDS = {
    "identify_holder": N_("Identify the account holder (lawful channels)"),
    "take_over": N_("Take the matter over"),
    "check_lead": N_("Check a lead"),
    "joint_action": N_("Joint action"),
}
STATUSES = {
    "requested": N_("Requested"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "closed": N_("Closed"),
}
SHARING = {
    "unit": N_("Asked unit only"),
    "province": N_("May be shared within the province"),
    "national": N_("May be shared nationally"),
}
ALL = {"kinds": KINDS, "statuses": STATUSES, "sharing": SHARING}
