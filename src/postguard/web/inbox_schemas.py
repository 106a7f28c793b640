"""API models of the inbox (separate from the table models in ``store/inbox_models.py``)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Optional

from pydantic import Field

from .schemas import Model


class StoredMessagePublic(Model):
    platform: str
    external_id: str
    id: int
    duplicate: bool


class InboundAccepted(Model):
    accepted: int
    duplicates: int
    messages: list[StoredMessagePublic]


class ReplyPublic(Model):
    id: int
    kind: str
    status: str
    text: str
    language: str
    verdict: Optional[str]
    may_send: bool
    report: Optional[dict[str, Any]]
    created_at: datetime
    sent_at: Optional[datetime]


class MessagePublic(Model):
    id: int
    platform: str
    external_id: str
    thread_id: Optional[str]
    parent_id: Optional[str]
    author_handle: str
    author_name: Optional[str]
    author_account_age_days: Optional[int]
    text: str
    received_at: datetime
    arrived_at: str
    source: str
    #: "pending", "done" or "failed".
    triage_state: str
    #: Why triage failed (``triage_state`` is "failed"); null otherwise. Said in the caller's language
    #: (``Accept-Language``, else the policy's default) when postguard itself said why, as the error
    #: said it (in English) otherwise.
    triage_error: Optional[str] = None
    #: The same as a code with params (``{"code", "params"}``) when postguard itself said why; null otherwise.
    structured_triage_error: Optional[dict[str, Any]] = None
    #: The stored triage result, its ``notes`` and each escalation's ``reason`` said in the caller's
    #: language (``Accept-Language``, else the policy's default), a responsibility named by its title and
    #: who holds it; ``structured_notes`` and each escalation's ``structured_reasons`` hold them as codes
    #: with params (a responsibility as its key).
    triage: Optional[dict[str, Any]]


class RetryFailed(Model):
    #: The failed messages to send back to triage; null: every failed message.
    ids: Optional[list[int]] = Field(default=None, min_length=1, max_length=10_000)


class RetriedPublic(Model):
    #: The messages now pending again, in id order.
    retried: list[int]


class ConversationSummary(Model):
    id: int
    case_number: str
    platform: str
    status: str
    customer: str
    situation: str
    language: Optional[str]
    urgency: str
    #: The responsibility that owns it: its key in the policy (``customer_service``).
    owner: Optional[str]
    #: The same as people read it, from the active policy: its title in the caller's language
    #: (``Accept-Language``, else the policy's default; else a language the policy has it in, named
    #: by ``owner_title_language``) and the person who holds it. Null without an owner, or when the
    #: active policy no longer has that responsibility.
    owner_title: Optional[str] = None
    owner_title_language: Optional[str] = None
    owner_name: Optional[str] = None
    assignee: Optional[str]
    escalated: bool
    arrived_via: str
    received_at: datetime
    deadline: Optional[datetime]
    sla: str
    #: The trained models' view (stored by triage): sentiment of the latest message, and the
    #: highest abuse score (0–1) of the conversation's messages; null before triage or with the
    #: keyword classifier.
    sentiment: Optional[str] = None
    abuse: Optional[float] = None


class ConversationDetail(ConversationSummary):
    protected_employee: Optional[str]
    messages: list[MessagePublic]
    #: The reply waiting to be sent, checked by the post checker.
    suggested_reply: Optional[ReplyPublic]
    replies: list[ReplyPublic]


class ReplyEdit(Model):
    text: str = Field(min_length=1, max_length=10_000)


class ReplySend(Model):
    #: Send this text instead of the waiting reply (checked first).
    text: Optional[str] = Field(default=None, min_length=1, max_length=10_000)


class ReplySentPublic(Model):
    reply: ReplyPublic
    outbox_id: int


class Reassign(Model):
    #: The new assignee; null puts it back in the owner's team queue.
    username: Optional[str] = Field(default=None, max_length=64)
    reason: str = Field(min_length=1, max_length=1000)


class ProtectionPublic(Model):
    employee: str
    messages: int
    conversations: int
    last_at: Optional[datetime]


class ForwardRequest(Model):
    """A customer's message an employee received on a personal profile (R11)."""

    platform: str = Field(min_length=1, max_length=64)
    external_id: Optional[str] = Field(default=None, max_length=256)
    thread_id: Optional[str] = Field(default=None, max_length=256)
    author_handle: str = Field(min_length=1, max_length=256)
    author_name: Optional[str] = Field(default=None, max_length=256)
    text: str = Field(min_length=1, max_length=100_000)
    received_at: Optional[datetime] = None
    language: Optional[str] = Field(default=None, max_length=16)


class ForwardResult(Model):
    conversation_id: int
    case_number: str
    #: The responsibility's key, its title (in the caller's language) and its owner's name, as in
    #: ``ConversationSummary``.
    owner: Optional[str]
    owner_title: Optional[str] = None
    owner_title_language: Optional[str] = None
    owner_name: Optional[str] = None
    assignee: Optional[str]
    #: What the employee sends back from the personal profile: "please write to us at …".
    redirect_reply: Optional[ReplyPublic]
    #: What triage could not do, in the caller's language (``Accept-Language``, else the policy's default),
    #: a responsibility named by its title and who holds it.
    notes: list[str]


Sla = Literal["ok", "at_risk", "missed", "none"]
