"""API models, separate from the table models: what callers send and what they get back."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..engine import MAX_CHARS
from ..policy.schema import RoleName

AccountName = Literal["personal", "official"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)


class LoginRequest(Model):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class UserPublic(Model):
    id: int
    username: str
    display_name: str
    email: Optional[str]
    role: str
    language: str
    department: str = ""
    is_active: bool
    created_at: datetime


class UserCreate(Model):
    username: str = Field(min_length=2, max_length=63)
    role: RoleName
    password: str = Field(min_length=1, max_length=1024)
    display_name: str = Field(default="", max_length=200)
    email: Optional[str] = Field(default=None, max_length=320)
    language: str = Field(default="en", max_length=16)


class RoleChange(Model):
    role: RoleName


class TokenCreate(Model):
    name: str = Field(min_length=1, max_length=100)
    expires_at: Optional[datetime] = None


class TokenPublic(Model):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: Optional[datetime]
    revoked_at: Optional[datetime]


class TokenCreated(TokenPublic):
    #: Shown once; only its hash is stored.
    secret: str


class CheckRequest(Model):
    text: str = Field(max_length=MAX_CHARS)
    account: AccountName = "personal"
    channel: str = "linkedin"
    language: Optional[str] = Field(default=None, description="pl, no, sv, he, nl or en; detected when absent")
    kind: Literal["post", "reply", "email", "comment"] = "post"
    planned_at: Optional[datetime] = None
    models: bool = Field(default=True, description="false: rules only (as `postguard check --no-models`): the "
                                                   "model-based rules are reported as skipped; faster")


class DraftSubmit(Model):
    text: str = Field(min_length=1, max_length=MAX_CHARS)
    account: AccountName = "personal"
    channel: str = "linkedin"
    language: Optional[str] = None
    planned_at: Optional[datetime] = Field(default=None, description="Planned publication time (ISO 8601)")
    request_review: bool = Field(default=False, description="Ask for review even if the policy blocks the draft")
    justification: Optional[str] = Field(default=None, max_length=5000)


class DraftEventPublic(Model):
    kind: str
    at: datetime
    actor: Optional[str]
    from_status: Optional[str]
    to_status: str
    comment: Optional[str]
    policy_version: int


class DraftPublic(Model):
    id: int
    author: str
    text: str
    account: str
    channel: str
    language: Optional[str]
    planned_at: Optional[datetime]
    status: str
    verdict: str
    policy_version: int
    report: dict[str, Any]
    justification: Optional[str]
    created_at: datetime
    updated_at: datetime
    history: list[DraftEventPublic]


class DraftLinePublic(Model):
    """A draft as a list shows it: no report, no history, the first 140 characters of the text."""

    id: int
    author: str
    account: str
    channel: str
    language: Optional[str]
    status: str
    verdict: str
    excerpt: str
    finding_count: int
    #: The categories of its findings (keys), sorted.
    categories: list[str]
    #: The last comment a reviewer gave with a decision, if any.
    latest_comment: Optional[str]
    created_at: datetime
    updated_at: datetime


class Decision(Model):
    decision: Literal["approve", "reject", "request_changes"]
    comment: str = Field(default="", max_length=5000)
    #: "Allow this once": approve despite blocking findings; needs ``reason``.
    allow_once: bool = False
    reason: Optional[str] = Field(default=None, max_length=5000)


class ReviewRequest(Model):
    justification: str = Field(min_length=1, max_length=5000)


class PolicyUpload(Model):
    source: str = Field(min_length=1, description="The policy YAML text")
    filename: str = Field(default="policy.yaml", max_length=200)


class PolicyVersionPublic(Model):
    number: int
    name: str
    revision: str
    sha256: str
    created_at: datetime
    activated_at: Optional[datetime]
    active: bool = False


class PolicyVersionFull(PolicyVersionPublic):
    source: str


class PolicyDiff(Model):
    number: int
    against: int
    diff: str


class PostCreate(Model):
    text: str = Field(min_length=1, max_length=MAX_CHARS)
    kind: Literal["post", "comment"] = "post"
    account: AccountName = "personal"
    channel: str = "linkedin"
    parent_id: Optional[int] = None
    draft_id: Optional[int] = None


class PostEdit(Model):
    text: str = Field(min_length=1, max_length=MAX_CHARS)


class ModerationRequest(Model):
    action: Literal["hide", "delete", "restore"]
    reason: str = Field(min_length=1, max_length=5000)


class RevisionPublic(Model):
    number: int
    text: str
    at: datetime
    edited_by_id: int


class ModerationPublic(Model):
    action: str
    reason: str
    from_status: str
    to_status: str
    policy_version: int
    at: datetime
    actor_id: int


class PostPublic(Model):
    id: int
    author_id: int
    kind: str
    parent_id: Optional[int]
    account: str
    channel: str
    status: str
    text: Optional[str] = Field(description="The current text; null while hidden or deleted for people without rights")
    created_at: datetime
    revisions: list[RevisionPublic]
    moderation: list[ModerationPublic]


class NotificationPublic(Model):
    id: int
    kind: str
    resource: str
    payload: dict[str, Any]
    created_at: datetime
    read_at: Optional[datetime]


class AuditRow(Model):
    seq: int
    at: str
    actor: str
    action: str
    resource: str
    policy_version: Optional[int]
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class AuditVerification(Model):
    ok: bool
    checked: int
    broken_at: Optional[int]
    problem: str


class DraftStatsPublic(Model):
    since: datetime
    until: datetime
    drafts: int
    findings: int
    by_category: dict[str, int]
    by_language: dict[str, int]
    #: ISO week ("2026-W47") -> findings, every week of the period, oldest first
    by_week: dict[str, int]
    by_outcome: dict[str, int]


class ResponseGroupPublic(Model):
    """Conversations of one week or situation by outcome, and the median hours to the first reply."""

    conversations: int
    on_time: int
    late: int
    overdue: int
    waiting: int
    closed: int
    median_hours: Optional[float]


class ResponseStatsPublic(ResponseGroupPublic):
    since: datetime
    until: datetime
    #: ISO week of arrival -> outcomes, every week of the period, oldest first
    by_week: dict[str, ResponseGroupPublic]
    #: situation -> outcomes, most conversations first
    by_situation: dict[str, ResponseGroupPublic]


class IncidentWeekPublic(Model):
    opened: int
    accounts: int
    comments: int


class IncidentStatsPublic(Model):
    since: datetime
    until: datetime
    opened: int
    accounts: int
    comments: int
    #: open / acknowledged / resolved: where the incidents opened in the period stand now
    by_state: dict[str, int]
    #: ISO week of opening -> counts, every week of the period, oldest first
    by_week: dict[str, IncidentWeekPublic]
