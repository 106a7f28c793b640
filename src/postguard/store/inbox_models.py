"""Tables of the inbox: conversations, messages, triage results, replies, the reply outbox,
and the durable queue of outgoing webhook notifications.

A message is unique per platform (``platform`` + ``external_id``): a re-delivery hits the
unique constraint and is dropped, on SQLite and PostgreSQL alike. Messages are accepted
with ``triage_state = 'pending'`` and triaged later, in id order, by the background worker;
the conversation is opened or updated when its first message is triaged. A message triage
cannot handle is ``failed`` with the reason in ``triage_error`` (and ``triage_failure``, its code
when postguard said it) until someone sends it back to triage (``store/inbox_failed.py``).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow

CONVERSATION_STATES = ("open", "answered", "closed")
TRIAGE_STATES = ("pending", "done", "failed")
REPLY_KINDS = ("reply", "acknowledgement", "redirect")
REPLY_STATES = ("suggested", "edited", "sent", "superseded")
NOTIFY_STATES = ("pending", "delivered", "dead")
#: The longest triage failure reason kept (``InboxMessage.triage_error``); a longer one is cut with "…".
TRIAGE_ERROR_CHARS = 1000


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class InboxConversation(Base):
    """A customer's conversation with the company: owned by a responsibility, assigned to a person."""

    __tablename__ = "inbox_conversations"
    __table_args__ = (UniqueConstraint("platform", "thread_key", name="uq_inbox_conversations_thread"),
                      CheckConstraint(_in("status", CONVERSATION_STATES), name="status"),
                      Index("ix_inbox_conversations_status_deadline", "status", "deadline"),
                      # Covers the dashboard's response times over a period (store/inbox_stats.py).
                      Index("ix_inbox_conversations_response", "received_at", "situation", "status", "deadline",
                            "first_reply_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(64))
    #: The thread (or the first message) plus the customer: one conversation per customer per thread.
    thread_key: Mapped[str] = mapped_column(String(600))
    case_number: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    customer_handle: Mapped[str] = mapped_column(String(256))
    customer_name: Mapped[Optional[str]] = mapped_column(String(256))
    situation: Mapped[str] = mapped_column(String(32), index=True)
    language: Mapped[Optional[str]] = mapped_column(String(8), index=True)
    urgency: Mapped[str] = mapped_column(String(16))
    #: The responsibility (key of the policy's ``responsibilities``) that owns it.
    owner_key: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    #: The person working on it; None means the owner's team queue.
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The employee a harassment or threat names (R14): never assigned this conversation.
    protected_employee: Mapped[Optional[str]] = mapped_column(String(200))
    protected_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    #: "official", or "personal" when it came in on (or was forwarded from) an employee's profile.
    arrived_via: Mapped[str] = mapped_column(String(16), default="official")
    via_employee: Mapped[Optional[str]] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    #: When a person first answered (a sent reply or redirect; not the automatic acknowledgement),
    #: set by ``inbox_replies.send``: the dashboard's response times read it, not the replies.
    first_reply_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    #: The last SLA alert sent ("at_risk", "missed"), so each is sent once.
    sla_alerted: Mapped[Optional[str]] = mapped_column(String(16))
    policy_version: Mapped[Optional[int]] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class InboxMessage(Base):
    """One incoming message as delivered; its id is the order of arrival (and of triage)."""

    __tablename__ = "inbox_messages"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_inbox_messages_platform_external"),
                      CheckConstraint(_in("triage_state", TRIAGE_STATES), name="triage_state"),
                      Index("ix_inbox_messages_state_id", "triage_state", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("inbox_conversations.id"), index=True)
    platform: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(256))
    thread_id: Mapped[Optional[str]] = mapped_column(String(256))
    parent_id: Mapped[Optional[str]] = mapped_column(String(256))
    author_handle: Mapped[str] = mapped_column(String(256))
    author_name: Mapped[Optional[str]] = mapped_column(String(256))
    author_account_age_days: Mapped[Optional[int]] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: "official" or "personal"; for personal, the employee whose profile received it.
    arrival_account: Mapped[str] = mapped_column(String(16))
    arrival_employee: Mapped[Optional[str]] = mapped_column(String(200))
    #: The language the platform gave, if any (triage detects otherwise).
    language_hint: Mapped[Optional[str]] = mapped_column(String(8))
    #: "webhook", "import", "forward" or "demo".
    source: Mapped[str] = mapped_column(String(16))
    accepted_by: Mapped[str] = mapped_column(String(100))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    triage_state: Mapped[str] = mapped_column(String(16), default="pending")
    #: Why triage failed (``triage_state = 'failed'``); cleared when it is retried or triaged.
    triage_error: Mapped[Optional[str]] = mapped_column(String(TRIAGE_ERROR_CHARS))
    #: The same as a code with params (``{"code", "params"}``, ``inbound/failures.py``) when postguard
    #: itself said why, to say it in each reader's language; null for any other error and for
    #: messages that failed before failures had codes (their ``triage_error`` is shown as stored).
    triage_failure: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)


class InboxTriage(Base):
    """What triage decided for one message, under one policy version."""

    __tablename__ = "inbox_triage"

    message_id: Mapped[int] = mapped_column(ForeignKey("inbox_messages.id"), primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("inbox_conversations.id"), index=True)
    language: Mapped[Optional[str]] = mapped_column(String(8))
    situation: Mapped[str] = mapped_column(String(32))
    urgency: Mapped[str] = mapped_column(String(16))
    sentiment: Mapped[Optional[str]] = mapped_column(String(16))
    abuse: Mapped[Optional[float]] = mapped_column(Float)
    owner_key: Mapped[Optional[str]] = mapped_column(String(64))
    #: The named employee the message targets (R14), when it is abuse.
    target_employee: Mapped[Optional[str]] = mapped_column(String(200), index=True)
    deadline: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    open_at_arrival: Mapped[bool] = mapped_column(Boolean)
    #: The whole triage result (``TriageResult.to_dict``), notes included.
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_version: Mapped[Optional[int]] = mapped_column(Integer)
    triaged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InboxReply(Base):
    """A suggested, edited or sent reply (or the automatic acknowledgement, or a redirect)."""

    __tablename__ = "inbox_replies"
    __table_args__ = (CheckConstraint(_in("kind", REPLY_KINDS), name="kind"),
                      CheckConstraint(_in("status", REPLY_STATES), name="status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("inbox_conversations.id"), index=True)
    message_id: Mapped[Optional[int]] = mapped_column(ForeignKey("inbox_messages.id"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    #: The post checker's verdict and report on this exact text (None: not checked yet).
    verdict: Mapped[Optional[str]] = mapped_column(String(8))
    report: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    policy_version: Mapped[Optional[int]] = mapped_column(Integer)


class InboxOutbox(Base):
    """A sent reply waiting for the platform connection: exported as a file, announced by webhook."""

    __tablename__ = "inbox_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("inbox_replies.id"), unique=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("inbox_conversations.id"), index=True)
    platform: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    exported_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)


class NotifyQueueItem(Base):
    """One outgoing webhook notification for one receiver: written before any delivery is tried."""

    __tablename__ = "notify_queue"
    __table_args__ = (CheckConstraint(_in("status", NOTIFY_STATES), name="status"),
                      Index("ix_notify_queue_status_next", "status", "next_attempt_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
