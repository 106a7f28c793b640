"""Names the interface shows for the core's codes (categories, severities, channels, …).

The strings are marked with ``N_`` so the catalogue extractor finds them; they are
translated when shown, with the reader's :class:`~postguard.webui.i18n.Translator`.
"""
from __future__ import annotations

from typing import Callable


def N_(message: str) -> str:
    """Marks a string for extraction without translating it yet."""
    return message


CATEGORIES = {
    "confidential": N_("Confidential"),
    "personal_data": N_("Personal data"),
    "safety": N_("Safety"),
    "conduct": N_("Conduct"),
    "voice": N_("Company voice"),
    "competitors": N_("Competitors"),
    "spam": N_("Spam"),
    "copyright": N_("Copyright"),
    "disclosure": N_("Disclosure"),
    "claims": N_("Claims"),
}

SEVERITIES = {
    "block": N_("Blocks publication"),
    "warn": N_("Warning"),
    "info": N_("Note"),
}

VERDICTS = {
    "pass": N_("Looks good"),
    "warn": N_("Needs a second look"),
    "block": N_("Cannot be published like this"),
}

ACCOUNTS = {
    "personal": N_("My personal account"),
    "official": N_("An official company account"),
}

#: Brand names stay as they are; generic channels are translated.
CHANNELS = {
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "x": "X",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "threads": "Threads",
    "mastodon": "Mastodon",
    "blog": N_("Blog"),
    "forum": N_("Discussion forum"),
    "review_site": N_("Review site"),
    "email": N_("E-mail"),
    "chat": N_("Chat"),
    "other": N_("Other channel"),
}
_BRANDS = {"linkedin", "facebook", "x", "instagram", "tiktok", "youtube", "threads", "mastodon"}

ROLES = {
    "admin": N_("Administrator"),
    "communications_lead": N_("Communications lead"),
    "reviewer": N_("Reviewer"),
    "spokesperson": N_("Spokesperson"),
    "employee": N_("Employee"),
    "candidate": N_("Candidate"),
}

#: Where a draft stands (``store.models.DRAFT_STATUSES``).
DRAFT_STATUSES = {
    "approved": N_("Approved"),
    "pending_review": N_("Waiting for review"),
    "rejected": N_("Rejected"),
    "changes_requested": N_("Changes requested"),
}

#: The steps of a draft's history (``store.models.DraftEvent.kind``).
DRAFT_EVENTS = {
    "submitted": N_("Submitted"),
    "auto_approved": N_("Approved automatically by the policy"),
    "queued": N_("Sent to the review queue"),
    "rejected_by_policy": N_("Rejected by the policy"),
    "review_requested": N_("Review requested with a justification"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "changes_requested": N_("Changes requested"),
    "override": N_("Allowed once despite blocking findings"),
    "revised": N_("Revised by the author"),
}

SITUATIONS = {
    "praise": N_("Praise"),
    "question": N_("A question"),
    "complaint": N_("A complaint"),
    "refund_request": N_("A refund request"),
    "public_review_complaint": N_("A complaint in a public review"),
    "incorrect_information": N_("Incorrect information about us"),
    "libel": N_("Libel"),
    "copyright_claim": N_("A copyright claim"),
    "threat": N_("A threat"),
    "harassment": N_("Harassment"),
    "spam": N_("Spam"),
    "other": N_("Anything else"),
}


def channel_label(channel: str, gettext: Callable[[str], str]) -> str:
    label = CHANNELS.get(channel, channel)
    return label if channel in _BRANDS else gettext(label)


def label(table: dict[str, str], key: str, gettext: Callable[[str], str]) -> str:
    """The translated name of ``key`` in ``table``, or the key itself when it is unknown."""
    return gettext(table[key]) if key in table else key
