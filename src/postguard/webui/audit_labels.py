"""What the audit page calls each kind of event, each payload field and the coded values a
non-technical reader would not know, in the reader's language (marked with ``N_``, translated
when shown; the catalogue area ``audit``).

The log, its exports and the API keep the codes: these names are only for reading. Every
event type in ``store/*_events.py`` needs its action here and each of its fields a label
(``tests/webui/test_audit_labels.py`` fails otherwise); a field logged by an older version
and no longer in any event is shown under its key.
"""
from __future__ import annotations

from . import labels
from .labels import N_

#: Each audit action, as a short sentence of what happened.
ACTIONS = {
    "auth.login": N_("Signed in"),
    "auth.login_failed": N_("Sign-in failed"),
    "auth.throttled": N_("Sign-in paused after too many attempts"),
    "auth.logout": N_("Signed out"),
    "user.create": N_("Account created"),
    "user.set_role": N_("Role changed"),
    "user.set_department": N_("Department changed"),
    "user.deactivate": N_("Account deactivated"),
    "token.issue": N_("API token issued"),
    "token.revoke": N_("API token revoked"),
    "signing_key.create": N_("Signing key created"),
    "policy.upload": N_("Policy version uploaded"),
    "policy.activate": N_("Policy version activated"),
    "draft.submit": N_("Draft submitted"),
    "draft.revise": N_("Draft revised"),
    "draft.request_review": N_("Review requested for a draft"),
    "draft.decide": N_("Reviewer's decision on a draft"),
    "draft.override": N_("Draft allowed once despite blocking findings"),
    "post.create": N_("Post or comment published"),
    "post.edit": N_("Post edited"),
    "post.moderate": N_("Post moderated"),
    "advocacy.content.create": N_("Content for sharing created"),
    "advocacy.content.approve": N_("Content for sharing approved"),
    "advocacy.content.withdraw": N_("Content for sharing withdrawn"),
    "advocacy.share": N_("Content shared by an employee"),
    "advocacy.engagement.import": N_("Engagement figures imported"),
    "advocacy.competition": N_("Competition created or changed"),
    "advocacy.profile": N_("Advocacy profile changed"),
    "training.acknowledge": N_("Policy acknowledged"),
    "training.invite": N_("Candidate invited"),
    "training.remind": N_("Reminder to acknowledge the policy sent"),
    "training.quiz": N_("Quiz completed"),
    "inbox.accept": N_("Incoming messages received"),
    "inbox.triage": N_("Incoming messages triaged"),
    "inbox.retry": N_("Failed messages sent back to triage"),
    "inbox.escalate": N_("Conversation escalated"),
    "inbox.protect": N_("Employee protected from abuse"),
    "inbox.assign": N_("Conversation reassigned"),
    "inbox.acknowledge": N_("Automatic acknowledgement sent"),
    "inbox.reply_edit": N_("Reply edited"),
    "inbox.reply_send": N_("Reply sent"),
    "inbox.reply_refused": N_("Reply blocked by the check"),
    "inbox.forward": N_("Message forwarded from a personal profile"),
    "inbox.handover": N_("Conversations handed over at offboarding"),
    "inbox.sla_alert": N_("Response deadline alert"),
    "incident.scan": N_("Comments scanned for coordinated campaigns"),
    "incident.open": N_("Incident opened"),
    "incident.grow": N_("Incident grew"),
    "incident.transition": N_("Incident state changed"),
    "incident.export": N_("Evidence exported"),
}

#: The families of actions (the code before the first dot), for the filter.
FAMILIES = {
    "auth": N_("Sign-in"),
    "user": N_("Accounts"),
    "token": N_("API tokens"),
    "signing_key": N_("Signing keys"),
    "policy": N_("Policy"),
    "draft": N_("Drafts"),
    "post": N_("Posts"),
    "advocacy": N_("Employee advocacy"),
    "training": N_("Training"),
    "inbox": N_("Inbox"),
    "incident": N_("Incidents"),
}

#: Each payload field, by name: one label wherever the field is used.
FIELDS = {
    "username": N_("Username"),
    "address": N_("Network address"),
    "limit": N_("Limit reached"),
    "retry_after": N_("Try again after (seconds)"),
    "role": N_("Role"),
    "old_role": N_("Previous role"),
    "new_role": N_("New role"),
    "old_department": N_("Previous department"),
    "new_department": N_("New department"),
    "token_id": N_("Token number"),
    "name": N_("Title"),
    "number": N_("Version"),
    "revision": N_("Revision"),
    "sha256": N_("Fingerprint (SHA-256)"),
    "previous": N_("Previously active version"),
    "policy_version": N_("Policy version"),
    "draft_id": N_("Draft"),
    "status": N_("Status"),
    "verdict": N_("Check result"),
    "codes": N_("Rules found"),
    "justification": N_("Justification"),
    "decision": N_("Decision"),
    "comment": N_("Comment"),
    "reason": N_("Reason"),
    "reasons": N_("Reasons"),
    "structured_reason": N_("Reason (coded)"),
    "structured_reasons": N_("Reasons (coded)"),
    "post_id": N_("Post"),
    "kind": N_("Kind"),
    "moderation": N_("Moderation step"),
    "from_status": N_("Status before"),
    "to_status": N_("Status after"),
    "item_id": N_("Content item"),
    "key": N_("Content key"),
    "campaign": N_("Campaign"),
    "hashtags": N_("Hashtags"),
    "share_id": N_("Sharing"),
    "channel": N_("Channel"),
    "language": N_("Language"),
    "source": N_("Source"),
    "rows": N_("Rows"),
    "matched": N_("Rows matched"),
    "competition_id": N_("Competition"),
    "change": N_("Change"),
    "starts_at": N_("Starts"),
    "ends_at": N_("Ends"),
    "points": N_("Points"),
    "prizes": N_("Prizes"),
    "team": N_("Team"),
    "leaderboard_opt_out": N_("Left out of the leaderboard"),
    "via": N_("Accepted through"),
    "expires_at": N_("Expires"),
    "score": N_("Score"),
    "passed": N_("Quiz passed"),
    "accepted": N_("Messages accepted"),
    "duplicates": N_("Duplicates left out"),
    "first_id": N_("First message"),
    "last_id": N_("Last message"),
    "triaged": N_("Messages triaged"),
    "failed": N_("Messages failed"),
    "message_ids": N_("Messages"),
    "message_id": N_("Message"),
    "conversation_id": N_("Conversation"),
    "conversations": N_("Conversations"),
    "to": N_("Escalated to"),
    "escalated_to": N_("Escalated to"),
    "employee": N_("Employee"),
    "situation": N_("Situation"),
    "from_user": N_("Taken from"),
    "to_user": N_("Given to"),
    "reply_id": N_("Reply"),
    "outbox_id": N_("Outbox entry"),
    "received": N_("Comments received"),
    "new": N_("New comments"),
    "opened": N_("Incidents opened"),
    "grown": N_("Incidents grown"),
    "incident_id": N_("Incident"),
    "owner": N_("Owner"),
    "leaders": N_("Leading accounts"),
    "accounts": N_("Accounts"),
    "waves": N_("Waves"),
    "comments": N_("Comments"),
    "new_waves": N_("New waves"),
    "from_state": N_("State before"),
    "to_state": N_("State after"),
    "note": N_("Note on the change"),
    "format": N_("Format"),
    "bundle_sha256": N_("Bundle fingerprint (SHA-256)"),
}

#: What a resource's kind (``conversation`` in ``conversation:12``) is called.
RESOURCES = {
    "user": N_("Account"),
    "token": N_("API token"),
    "signing_key": N_("Signing key"),
    "policy": N_("Policy version"),
    "draft": N_("Draft"),
    "post": N_("Post"),
    "content": N_("Content item"),
    "share": N_("Sharing"),
    "engagement": N_("Engagement import"),
    "competition": N_("Competition"),
    "inbox": N_("Inbox"),
    "conversation": N_("Conversation"),
    "incident": N_("Incident"),
    "campaign_comments": N_("Comments scanned for coordinated campaigns"),
}

#: Fields whose values are people's own words (a reason, a comment, a name): isolated with
#: ``dir="auto"`` so that a Hebrew comment on an English page, or the other way round, reads right.
FREE_TEXT = frozenset({
    "reason", "reasons", "comment", "justification", "note", "name", "prizes", "team", "old_department",
    "new_department", "campaign", "employee", "leaders", "source", "hashtags", "key",
})

#: Fields holding a moment (ISO 8601), shown in the reader's format.
MOMENTS = frozenset({"starts_at", "ends_at", "expires_at"})

#: An incident's states (the same names as the incidents' dashboard panel).
_INCIDENT_STATES = {"open": N_("Open"), "acknowledged": N_("Acknowledged"), "resolved": N_("Resolved")}
_DECISIONS = {"approve": N_("Approved"), "reject": N_("Rejected"), "request_changes": N_("Changes requested")}
_POST_STATUSES = {"visible": N_("Visible"), "hidden": N_("Hidden"), "deleted": N_("Deleted")}

#: Coded values in the reader's language, per field; a value not listed is shown as logged.
VALUES: dict[str, dict[str, str]] = {
    "role": labels.ROLES,
    "old_role": labels.ROLES,
    "new_role": labels.ROLES,
    "verdict": labels.VERDICTS,
    # A draft's status, or where an inbox deadline stands (``inbound/sla.py``).
    "status": {**labels.DRAFT_STATUSES, "at_risk": N_("Deadline at risk"), "missed": N_("Deadline missed")},
    "situation": labels.SITUATIONS,
    "decision": _DECISIONS,
    "from_state": _INCIDENT_STATES,
    "to_state": _INCIDENT_STATES,
    "from_status": _POST_STATUSES,
    "to_status": _POST_STATUSES,
    "kind": {"post": N_("Post"), "comment": N_("Comment")},
    "moderation": {"hide": N_("Hide"), "delete": N_("Delete"), "restore": N_("Restore")},
    "via": {"session": N_("Signed in on the web"), "token": N_("API token"),
            "link": N_("A candidate's personal link")},
    "limit": {"account": N_("Attempts on this account"), "address": N_("Attempts from this address")},
    "change": {"created": N_("Created"), "changed": N_("Changed"), "cancelled": N_("Cancelled")},
}

#: Names that are the same word in a language as in English (the tests hold every other name to
#: differ from the English one, so an untranslated name cannot slip through as a translation).
SAME_AS_ENGLISH = frozenset({
    ("Status", "pl"), ("Status", "no"), ("Status", "sv"), ("Status", "nl"),
    ("Format", "pl"), ("Format", "no"), ("Format", "sv"),
    ("Team", "no"), ("Team", "sv"), ("Team", "nl"),
    ("Version", "sv"), ("Revision", "sv"), ("Situation", "sv"), ("Policy", "sv"),
    ("Incident", "sv"), ("Incident", "nl"),
    ("Hashtags", "nl"), ("Score", "nl"), ("Accounts", "nl"), ("Account", "nl"), ("Training", "nl"), ("Inbox", "nl"),
})
