"""Names the inbox page shows for the triage's situations and urgencies (translated when shown)."""
from __future__ import annotations

from .labels import N_

SITUATIONS = {
    "praise": N_("Praise"),
    "question": N_("Question"),
    "complaint": N_("Complaint"),
    "refund_request": N_("Refund request"),
    "public_review_complaint": N_("Public review complaint"),
    "incorrect_information": N_("Incorrect information"),
    "libel": N_("Libel or slander"),
    "copyright_claim": N_("Copyright claim"),
    "threat": N_("Threat"),
    "harassment": N_("Harassment of an employee"),
    "spam": N_("Spam"),
    "other": N_("Other"),
}
