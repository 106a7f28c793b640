"""Tables of acknowledgement and training (R8): who accepted which policy version, reminders
sent, quiz results, and the service's signing keys (for candidates' personal links).

Acknowledgements are never deleted or changed: a new policy version needs a new row.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class Acknowledgement(Base):
    """One person's "I have read and accept" for one policy version."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("user_id", "policy_version", name="uq_acknowledgements_user_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    policy_version: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"), index=True)
    #: The handbook language the person read.
    language: Mapped[str] = mapped_column(String(8))
    #: "session" (signed in), "token" (an API token) or "link" (a candidate's personal link).
    via: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AcknowledgementReminder(Base):
    """A reminder sent to someone who had not acknowledged the active version."""

    __tablename__ = "acknowledgement_reminders"
    #: Covers the status query: per version, count and latest per person, from the index alone.
    __table_args__ = (Index("ix_acknowledgement_reminders_version_user_at", "policy_version", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    policy_version: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"))
    #: Which sender delivered it ("notification", "stdout", …).
    channel: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizResult(Base):
    """One finished attempt at the policy quiz."""

    __tablename__ = "quiz_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    policy_version: Mapped[int] = mapped_column(ForeignKey("policy_versions.number"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    seed: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    pass_mark: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    #: The chosen option index per question (None: unanswered).
    answers: Mapped[list[Any]] = mapped_column(JSON)
    #: SHA-256 naming the attempt (person, seed, start): an attempt is handed in once.
    attempt_key: Mapped[str] = mapped_column(String(64), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SigningKey(Base):
    """A secret the service signs links with, made on first use and shared by every process."""

    __tablename__ = "signing_keys"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rotated_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
