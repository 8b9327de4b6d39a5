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
# why a unit takes part in a clue, by how the stored reason begins
TAKING_PART = {
    "former owner": N_("Former owner"),
    "its jurisdiction is named": N_("Its jurisdiction is named (author, post or report)"),
    "the region of a person who reported it": N_("A reporter's region"),
    "asked for assistance": N_("Asked for assistance"),
}


def why_taking_part(reason: str) -> str:
    """The display name of a participant's reason (the stored words when none fits)."""
    return next((label for start, label in TAKING_PART.items() if reason.startswith(start)), reason)


ALL = {"kinds": KINDS, "statuses": STATUSES, "sharing": SHARING}
