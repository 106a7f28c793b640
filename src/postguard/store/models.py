"""Tables of the service: people, credentials, policy versions, drafts, posts, moderation, audit.

Table models only; the API has its own pydantic models (``web/schemas.py``). Rows that carry
a decision also carry the policy version it was made under. Nothing user-visible is ever
physically deleted: posts change status and keep every revision.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

ROLE_NAMES = ("admin", "communications_lead", "reviewer", "spokesperson", "employee", "candidate")
DRAFT_STATUSES = ("approved", "pending_review", "rejected", "changes_requested")
POST_STATUSES = ("visible", "hidden", "deleted")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLE_NAMES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[Optional[str]] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(32))
    #: The interface and message language of this person.
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: For completion reports (acknowledgement, training); "" when not known.
    department: Mapped[str] = mapped_column(String(100), default="", server_default="")
    password_hash: Mapped[Optional[str]] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ApiToken(Base):
    """An integration's credential; only the SHA-256 of the secret is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    #: The first characters of the secret, so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class WebSession(Base):
    """A browser login; the cookie holds the secret, the table its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempt(Base):
    """Every login attempt, kept for throttling (shared by all server processes)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_username_at", "username", "at"),
                      Index("ix_login_attempts_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)


class PolicyVersion(Base):
    """An uploaded policy file, kept verbatim; the active one is the most recently activated."""

    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 1, 2, 3 … in upload order; what every check and decision records.
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(300))
    revision: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("author_id", "idempotency_key", name="uq_drafts_author_key"),
                      CheckConstraint(_in("status", DRAFT_STATUSES), name="status"),
                      # Covers the dashboard's figures over a period: they are counted from this
                      # index alone, never from the rows (whose report and text SQLite would
                      # have to step over).
                      Index("ix_drafts_created_summary", "created_at", "language", "status", "finding_count"),
                      # The review queue and "my drafts" page through these in id order and stop
                      # after a page (PostgreSQL otherwise sorts every waiting draft first).
                      Index("ix_drafts_status_id", "status", "id"), Index("ix_drafts_author_id_id", "author_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    account: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[Optional[str]] = mapped_column(String(8))
    planned_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(32), index=True)
    verdict: Mapped[str] = mapped_column(String(8))
    #: The policy version the latest check ran under, and that check's report.
    policy_version: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"))
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: How many findings ``report`` holds; written with it (``draft_summary``), so lists and the
    #: dashboard never read the report to count.
    finding_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    justification: Mapped[Optional[str]] = mapped_column(Text)
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(200))
    #: SHA-256 of the submitted body, so a reused key with another body is refused.
    request_hash: Mapped[Optional[str]] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[User] = relationship(lazy="joined")
    events: Mapped[list["DraftEvent"]] = relationship(order_by="DraftEvent.id", lazy="selectin")


class DraftFindingCount(Base):
    """How many findings of one category and severity a draft's latest report holds.

    Written in the transaction that stores the report (``store/draft_summary.py``) and
    replaced when the draft is revised: the dashboard counts these rows instead of unnesting
    every report's JSON."""

    __tablename__ = "draft_finding_counts"

    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    severity: Mapped[str] = mapped_column(String(16), primary_key=True)
    findings: Mapped[int] = mapped_column(Integer)


class DraftEvent(Base):
    """One step in a draft's history, shown to its author."""

    __tablename__ = "draft_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: submitted, auto_approved, queued, rejected_by_policy, review_requested, approved,
    #: rejected, changes_requested, override, revised
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[Optional[str]] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    comment: Mapped[Optional[str]] = mapped_column(Text)
    policy_version: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"))

    actor: Mapped[Optional[User]] = relationship(lazy="joined")


class Post(Base):
    """A published post or comment; its text lives in revisions, its visibility in ``status``."""

    __tablename__ = "posts"
    __table_args__ = (CheckConstraint(_in("status", POST_STATUSES), name="status"),
                      CheckConstraint(_in("kind", ("post", "comment")), name="kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("posts.id"))
    draft_id: Mapped[Optional[int]] = mapped_column(ForeignKey("drafts.id"))
    account: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="visible")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    revisions: Mapped[list["PostRevision"]] = relationship(order_by="PostRevision.number", lazy="selectin")
    moderation: Mapped[list["ModerationAction"]] = relationship(order_by="ModerationAction.id", lazy="selectin")


class PostRevision(Base):
    __tablename__ = "post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_revisions_post_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ModerationAction(Base):
    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    policy_version: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notification(Base):
    """A message for one person (a moderated post, a decided draft)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    resource: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """One link of the hash chain. ``at`` and ``payload`` are stored as the exact text hashed."""

    __tablename__ = "audit_events"

    #: The sequence number; part of the hash, so reordering rows breaks the chain.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40), index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    resource: Mapped[str] = mapped_column(String(200))
    policy_version: Mapped[Optional[int]] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """A single row: the last sequence number and hash. Appends lock it (FOR UPDATE on
    PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers); it also reveals rows
    cut from the end of the chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


# Areas keep their tables in their own modules; importing them here puts every table on the
# one metadata that Alembic and the tests see.
from . import advocacy_models, inbox_models, incident_models, training_models  # noqa: E402,F401
