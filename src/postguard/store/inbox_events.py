"""Typed audit events of the inbox, sent through ``audit.record`` like every other event."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

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
    #: Why they had failed (each distinct reason once, as stored): the messages themselves no longer say.
    reasons: list[str]
    #: For each of ``reasons``, the same as a code with params (``inbound/failures.py``), said in the
    #: reader's language when shown; null for a reason without a code. Events logged before
    #: failures had codes have ``reasons`` only.
    structured_reasons: list[dict | None]

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
    """A conversation given to someone else, by a person or by triage; exactly one of the reasons."""

    action: ClassVar[str] = "inbox.assign"
    conversation_id: int
    from_user: str | None
    to_user: str | None
    #: A person's reason, free text, logged and shown as typed. Events logged before triage's
    #: reasons had codes have triage's English text here too.
    reason: str | None = None
    #: Triage's reason, a code with params (``inbound/assignment_reasons.py``), said in the reader's
    #: language when shown.
    structured_reason: dict | None = None

    def __post_init__(self) -> None:
        if (self.reason is None) == (self.structured_reason is None):
            raise ValueError("a reassignment has either a person's reason or triage's structured_reason")

    def payload(self) -> dict[str, Any]:
        """The fields, without the kind of reason it does not have: a person's reassignment logs what it always did."""
        return {key: value for key, value in super().payload().items()
                if value is not None or key not in ("reason", "structured_reason")}

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
