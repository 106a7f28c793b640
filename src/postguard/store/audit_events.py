"""Typed audit events: one dataclass per kind of state change, sent through ``audit.record``.

Each event names its ``action`` and the ``resource`` it touched; its fields become the
row's payload. Adding a state change to the service means adding an event here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Event:
    action: ClassVar[str] = ""

    def resource(self) -> str:
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LoginSucceeded(Event):
    action: ClassVar[str] = "auth.login"
    username: str
    address: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class LoginFailed(Event):
    action: ClassVar[str] = "auth.login_failed"
    username: str
    address: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class LoginThrottled(Event):
    action: ClassVar[str] = "auth.throttled"
    username: str
    address: str
    #: "account" or "address": which limit was reached.
    limit: str
    retry_after: int

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class LoggedOut(Event):
    action: ClassVar[str] = "auth.logout"
    username: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class UserCreated(Event):
    action: ClassVar[str] = "user.create"
    username: str
    role: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class RoleChanged(Event):
    action: ClassVar[str] = "user.set_role"
    username: str
    old_role: str
    new_role: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class UserDeactivated(Event):
    action: ClassVar[str] = "user.deactivate"
    username: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class TokenIssued(Event):
    action: ClassVar[str] = "token.issue"
    token_id: int
    username: str
    name: str

    def resource(self) -> str:
        return f"token:{self.token_id}"


@dataclass(frozen=True)
class TokenRevoked(Event):
    action: ClassVar[str] = "token.revoke"
    token_id: int
    username: str

    def resource(self) -> str:
        return f"token:{self.token_id}"


@dataclass(frozen=True)
class PolicyUploaded(Event):
    action: ClassVar[str] = "policy.upload"
    number: int
    name: str
    revision: str
    sha256: str

    def resource(self) -> str:
        return f"policy:{self.number}"


@dataclass(frozen=True)
class PolicyActivated(Event):
    action: ClassVar[str] = "policy.activate"
    number: int
    previous: int | None

    def resource(self) -> str:
        return f"policy:{self.number}"


@dataclass(frozen=True)
class DraftSubmitted(Event):
    action: ClassVar[str] = "draft.submit"
    draft_id: int
    status: str
    verdict: str
    codes: list[str]

    def resource(self) -> str:
        return f"draft:{self.draft_id}"


@dataclass(frozen=True)
class DraftRevised(Event):
    action: ClassVar[str] = "draft.revise"
    draft_id: int
    status: str
    verdict: str
    codes: list[str]

    def resource(self) -> str:
        return f"draft:{self.draft_id}"


@dataclass(frozen=True)
class ReviewRequested(Event):
    action: ClassVar[str] = "draft.request_review"
    draft_id: int
    justification: str

    def resource(self) -> str:
        return f"draft:{self.draft_id}"


@dataclass(frozen=True)
class DraftDecided(Event):
    action: ClassVar[str] = "draft.decide"
    draft_id: int
    decision: str
    comment: str

    def resource(self) -> str:
        return f"draft:{self.draft_id}"


@dataclass(frozen=True)
class DraftOverridden(Event):
    """A reviewer's "allow this once": approval despite blocking findings."""

    action: ClassVar[str] = "draft.override"
    draft_id: int
    reason: str
    codes: list[str]

    def resource(self) -> str:
        return f"draft:{self.draft_id}"


@dataclass(frozen=True)
class PostCreated(Event):
    action: ClassVar[str] = "post.create"
    post_id: int
    kind: str

    def resource(self) -> str:
        return f"post:{self.post_id}"


@dataclass(frozen=True)
class PostEdited(Event):
    action: ClassVar[str] = "post.edit"
    post_id: int
    revision: int

    def resource(self) -> str:
        return f"post:{self.post_id}"


@dataclass(frozen=True)
class PostModerated(Event):
    action: ClassVar[str] = "post.moderate"
    post_id: int
    moderation: str
    reason: str
    from_status: str
    to_status: str

    def resource(self) -> str:
        return f"post:{self.post_id}"


# Employee advocacy (R17–R19)

@dataclass(frozen=True)
class ContentCreated(Event):
    action: ClassVar[str] = "advocacy.content.create"
    item_id: int
    key: str
    campaign: str

    def resource(self) -> str:
        return f"content:{self.item_id}"


@dataclass(frozen=True)
class ContentApproved(Event):
    action: ClassVar[str] = "advocacy.content.approve"
    item_id: int
    key: str
    hashtags: list[str]

    def resource(self) -> str:
        return f"content:{self.item_id}"


@dataclass(frozen=True)
class ContentWithdrawn(Event):
    action: ClassVar[str] = "advocacy.content.withdraw"
    item_id: int
    key: str
    reason: str

    def resource(self) -> str:
        return f"content:{self.item_id}"


@dataclass(frozen=True)
class ShareCreated(Event):
    action: ClassVar[str] = "advocacy.share"
    share_id: int
    item_id: int
    channel: str
    language: str
    verdict: str
    codes: list[str]

    def resource(self) -> str:
        return f"share:{self.share_id}"


@dataclass(frozen=True)
class EngagementImported(Event):
    action: ClassVar[str] = "advocacy.engagement.import"
    source: str
    rows: int
    matched: int

    def resource(self) -> str:
        return f"engagement:{self.source}"


@dataclass(frozen=True)
class CompetitionChanged(Event):
    """A competition created, changed or cancelled (``change`` says which), with its rules then."""

    action: ClassVar[str] = "advocacy.competition"
    competition_id: int
    change: str
    name: str
    starts_at: str
    ends_at: str
    points: dict[str, float]
    prizes: list[str]

    def resource(self) -> str:
        return f"competition:{self.competition_id}"


@dataclass(frozen=True)
class AdvocateProfileChanged(Event):
    action: ClassVar[str] = "advocacy.profile"
    username: str
    team: str | None
    leaderboard_opt_out: bool

    def resource(self) -> str:
        return f"user:{self.username}"
@dataclass(frozen=True)
class DepartmentChanged(Event):
    action: ClassVar[str] = "user.set_department"
    username: str
    old_department: str
    new_department: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class PolicyAcknowledged(Event):
    """Someone read the handbook of a policy version and accepted it (R8)."""

    action: ClassVar[str] = "training.acknowledge"
    username: str
    policy_version: int
    #: "session", "token" or "link" (a candidate's personal link).
    via: str
    language: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class CandidateInvited(Event):
    action: ClassVar[str] = "training.invite"
    username: str
    policy_version: int
    expires_at: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class AcknowledgementReminded(Event):
    action: ClassVar[str] = "training.remind"
    username: str
    policy_version: int
    channel: str

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class QuizCompleted(Event):
    action: ClassVar[str] = "training.quiz"
    username: str
    policy_version: int
    language: str
    score: float
    passed: bool

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class SigningKeyCreated(Event):
    """A signing key was made (its secret is never recorded)."""

    action: ClassVar[str] = "signing_key.create"
    name: str

    def resource(self) -> str:
        return f"signing_key:{self.name}"


def event_types() -> list[type[Event]]:
    """Every kind of audit event, by action: the events of this module and of the store's other
    ``*_events`` modules (``inbox_events``, ``incident_events``, …), so a new module is found too."""
    import importlib
    import pkgutil

    package = importlib.import_module(__name__.rpartition(".")[0])
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.endswith("_events"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found += [cls for cls in vars(module).values() if isinstance(cls, type) and issubclass(cls, Event)
                      and cls.action and cls.__module__ == module.__name__]
    return sorted(found, key=lambda cls: cls.action)
