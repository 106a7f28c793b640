"""``allowed(actor, action, resource)`` over registered actions.

Each action names the roles that may perform it, optionally with a condition on the
resource (the author of a draft, a policy-defined moderation role). Roles are sets of
actions, so "a role cannot grant what it does not have" is a subset test.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..policy.schema import ROLES

ALL = frozenset(ROLES)
STAFF = ALL - {"candidate"}
REVIEWERS = frozenset({"admin", "communications_lead", "reviewer"})
LEADS = frozenset({"admin", "communications_lead"})


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    role: str

    @property
    def label(self) -> str:
        return f"user:{self.username}" if self.user_id else self.username


#: The operator at the command line (``postguard users …``): may do anything, has no user row.
CLI_ACTOR = Actor(user_id=0, username="cli", role="admin")


@dataclass(frozen=True)
class Action:
    name: str
    roles: frozenset[str]
    description: str
    #: Extra condition on the resource; receives (actor, resource).
    check: Callable[[Actor, Any], bool] | None = None


@dataclass(frozen=True)
class Owned:
    """A resource with an owner (a draft, a token, a post)."""

    owner_id: int


@dataclass(frozen=True)
class ModerationTarget:
    """A post to moderate, with the role lists of the active policy's ``moderation`` section."""

    owner_id: int
    roles: frozenset[str] = field(default_factory=frozenset)


def _own(actor: Actor, resource: Any) -> bool:
    return isinstance(resource, Owned) and resource.owner_id == actor.user_id


def _own_or_reviewer(actor: Actor, resource: Any) -> bool:
    return actor.role in REVIEWERS or _own(actor, resource)


def _not_own(actor: Actor, resource: Any) -> bool:
    # Nobody reviews their own draft, nobody changes their own role.
    return not (isinstance(resource, Owned) and resource.owner_id == actor.user_id)


def _own_or_admin(actor: Actor, resource: Any) -> bool:
    return actor.role == "admin" or _own(actor, resource)


def _own_or_admin_or_lead(actor: Actor, resource: Any) -> bool:
    return actor.role in LEADS or _own(actor, resource)


def _policy_roles(actor: Actor, resource: Any) -> bool:
    return isinstance(resource, ModerationTarget) and actor.role in resource.roles


ACTIONS: dict[str, Action] = {}


def register(name: str, roles: frozenset[str], description: str, check: Callable[[Actor, Any], bool] | None = None) -> Action:
    if name in ACTIONS:
        raise ValueError(f"action {name!r} is registered twice")
    ACTIONS[name] = action = Action(name, frozenset(roles), description, check)
    return action


register("check.run", ALL, "Run the stateless check")
register("policy.read", ALL, "Read policy versions and diffs")
register("policy.upload", LEADS, "Upload a new policy version")
register("policy.activate", frozenset({"admin"}), "Make a policy version the active one")
register("draft.submit", STAFF, "Submit a draft for publication")
register("draft.read", ALL, "Read a draft and its history", _own_or_reviewer)
register("draft.revise", STAFF, "Revise one's own draft or ask for review", _own)
register("draft.queue", REVIEWERS, "See the review queue")
register("draft.decide", REVIEWERS, "Approve, reject or request changes", _not_own)
register("draft.override", LEADS | {"reviewer"}, "Approve a blocked draft once, with a reason", _not_own)
register("post.create", STAFF, "Store a published post or comment")
register("post.read", ALL, "Read a post with its revisions and moderation history")
register("post.edit", STAFF, "Edit one's own post (the previous text is kept)", _own)
register("post.hide", ALL, "Hide a post (policy moderation.hide)", _policy_roles)
register("post.delete", ALL, "Delete a post (policy moderation.delete; kept in storage)", _policy_roles)
register("post.restore", ALL, "Restore a hidden or deleted post (policy moderation.restore)", _policy_roles)
register("notification.read", ALL, "Read one's own notifications")
register("token.create", STAFF, "Create an API token for oneself")
register("token.create_for", frozenset({"admin"}), "Issue an API token for someone else (integrations)")
register("token.list", ALL, "List API tokens", _own_or_admin)
register("token.revoke", ALL, "Revoke an API token", _own_or_admin)
register("user.list", LEADS, "List people and roles")
register("user.create", LEADS, "Create an account")
register("user.set_role", LEADS, "Change someone's role", _not_own)
register("user.deactivate", LEADS, "Deactivate an account", _not_own)
register("audit.read", LEADS, "Read, verify and export the audit log")
#: The inbox: the social team answers customers; leads route; any employee forwards from a private profile.
SOCIAL_TEAM = LEADS | {"spokesperson"}
register("inbox.accept", SOCIAL_TEAM, "Deliver incoming customer messages (webhook, import) and send failed "
         "ones back to triage")
register("inbox.read", SOCIAL_TEAM, "See conversations, their triage and suggested replies")
register("inbox.reply", SOCIAL_TEAM, "Edit and send replies (never in a conversation attacking oneself)", _not_own)
register("inbox.assign", LEADS, "Reassign a conversation")
register("inbox.protection", LEADS, "See how often abuse names each employee")
register("inbox.forward", STAFF, "Forward a customer message received on one's personal profile")
# Incidents (R15): leads own them; reviewers watch for attacks; the social team feeds comments in.
register("incident.read", LEADS | {"reviewer"}, "List and read coordinated-campaign incidents")
register("incident.scan", LEADS | {"spokesperson"}, "Feed comments to the campaign detector")
register("incident.transition", LEADS, "Acknowledge or resolve an incident")
register("incident.export", LEADS, "Export an incident's evidence bundle (recorded in the audit log)")
register("dashboard.read", REVIEWERS, "See the dashboard: findings and drafts over time")

# Employee advocacy (R17–R19). Marketing (the social team) writes content, the communications
# lead approves it, and nobody approves what they wrote themselves.
CONTENT_EDITORS = LEADS | {"spokesperson"}
register("advocacy.content.create", CONTENT_EDITORS, "Add an item to the content library")
register("advocacy.content.list", CONTENT_EDITORS, "See every library item, approved or not")
register("advocacy.content.approve", LEADS, "Approve or withdraw a library item (never one's own)", _not_own)
register("advocacy.library", STAFF, "See what one may share now")
register("advocacy.share", STAFF, "Share an approved item with one's own tracked link")
register("advocacy.share.update", STAFF, "Record the address of one's own published share", _own)
register("advocacy.share.list", STAFF, "List shares (one's own; leads: everyone's)", _own_or_admin_or_lead)
register("advocacy.engagement.import", LEADS, "Import engagement from platform exports")
register("advocacy.report", LEADS, "Read advocacy reports per campaign, team, employee and week")
register("advocacy.competition.manage", LEADS, "Create, change and cancel competitions")
register("advocacy.competition.read", STAFF, "See competitions and their leaderboards")
register("advocacy.profile.own", STAFF, "Opt out of (or back into) the leaderboards")
register("advocacy.profile.manage", LEADS, "Set people's teams")
register("user.set_department", LEADS, "Set someone's department (for completion reports)")
register("training.acknowledge", ALL, "Acknowledge the active policy version (one's own)")
register("training.quiz", ALL, "Take the policy quiz and see one's own results")
register("training.status", LEADS, "See who has acknowledged the policy, completion and quiz results per department")
register("training.invite", LEADS, "Invite a candidate to acknowledge the policy through a personal link")
register("training.remind", LEADS, "Send reminders to people who have not acknowledged the active version")


def allowed(actor: Actor | None, action: str, resource: Any = None) -> bool:
    """Whether ``actor`` may perform ``action`` on ``resource``. Unknown actions are a bug."""
    registered = ACTIONS.get(action)
    if registered is None:
        raise KeyError(f"unregistered action {action!r}")
    if actor is None or actor.role not in registered.roles:
        return False
    return registered.check is None or registered.check(actor, resource)


def role_actions(role: str) -> frozenset[str]:
    """The actions a role may perform at all (conditions aside)."""
    return frozenset(name for name, action in ACTIONS.items() if role in action.roles)


def may_grant(actor: Actor, role: str) -> bool:
    """A role can only hand out roles whose powers it has itself."""
    return role_actions(role) <= role_actions(actor.role)
