"""Typed audit events of the inbox, sent through ``audit.record`` like every other event."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .audit_events import Event


@dataclass(frozen=True)
class MessagesAccepted(Event):
    """One committed batch of incoming messages (webhook, import, demo)."""

    action: ClassVar[str] = "inbox.accept"
    source: str
    accepted: int
    duplicates: int
    first_id: int | None
    last_id: int | None

    def resource(self) -> str:
        return f"inbox:{self.source}"


@dataclass(frozen=True)
class MessagesTriaged(Event):
    """One batch of messages triaged by the background worker."""

    action: ClassVar[str] = "inbox.triage"
    triaged: int
    failed: int
    first_id: int
    last_id: int

    def resource(self) -> str:
        return "inbox:triage"


@dataclass(frozen=True)
class TriageRetried(Event):
    """Failed messages sent back to triage by a person, once the cause was fixed."""

    action: ClassVar[str] = "inbox.retry"
    message_ids: list[int]
    #: Why they had failed (each distinct reason once): the messages themselves no longer say.
    reasons: list[str]

    def resource(self) -> str:
        return "inbox:triage"


@dataclass(frozen=True)
class ConversationEscalated(Event):
    action: ClassVar[str] = "inbox.escalate"
    conversation_id: int
    to: str
    #: Why, as codes with params (``inbound/escalation_reasons.py``), said in the reader's language
    #: when shown. Events logged before reasons had codes have an English ``reason`` instead.
    structured_reasons: list[dict]

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class EmployeeProtected(Event):
    """Abuse aimed at a named employee, taken off their queue (R14)."""

    action: ClassVar[str] = "inbox.protect"
    conversation_id: int
    employee: str
    situation: str
    escalated_to: str | None

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class ConversationAssigned(Event):
    action: ClassVar[str] = "inbox.assign"
    conversation_id: int
    from_user: str | None
    to_user: str | None
    reason: str

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class AcknowledgementSent(Event):
    """The automatic answer outside opening hours (R12)."""

    action: ClassVar[str] = "inbox.acknowledge"
    conversation_id: int
    reply_id: int
    language: str

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class ReplyEdited(Event):
    action: ClassVar[str] = "inbox.reply_edit"
    conversation_id: int
    reply_id: int
    verdict: str
    codes: list[str]

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class ReplySent(Event):
    action: ClassVar[str] = "inbox.reply_send"
    conversation_id: int
    reply_id: int
    outbox_id: int
    verdict: str

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class ReplyRefused(Event):
    """A send the post checker blocked: nothing went out."""

    action: ClassVar[str] = "inbox.reply_refused"
    conversation_id: int
    codes: list[str]

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class ProfileMessageForwarded(Event):
    """An employee forwarded a customer message from a personal profile (R11)."""

    action: ClassVar[str] = "inbox.forward"
    conversation_id: int
    message_id: int
    employee: str

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


@dataclass(frozen=True)
class ConversationsHandedOver(Event):
    """Offboarding: a deactivated person's open conversations went to someone else (R11)."""

    action: ClassVar[str] = "inbox.handover"
    username: str
    conversations: list[int]
    to_user: str | None

    def resource(self) -> str:
        return f"user:{self.username}"


@dataclass(frozen=True)
class SlaAlerted(Event):
    action: ClassVar[str] = "inbox.sla_alert"
    conversation_id: int
    status: str

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"
