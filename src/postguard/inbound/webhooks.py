"""The inbox's outgoing events: new escalations and SLA alerts, sent through the signed webhook outbox.

The transport (signature, retries, outbox) is :mod:`postguard.connectors.webhooks`; this
module decides *what* the inbox tells the outside world, as small JSON documents that
carry no more of the customer's message than a receiver needs to act.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..connectors.webhooks import Notification, WebhookSender
from .sla import BusinessHours, SlaStatus
from .triage import TriageResult

EVENT_ESCALATION = "inbox.escalation"
EVENT_SLA_AT_RISK = "inbox.sla_at_risk"
EVENT_SLA_MISSED = "inbox.sla_missed"
#: How much of the message text travels in a notification.
_EXCERPT_CHARS = 280


def _case(result: TriageResult, text: str | None) -> dict:
    case = {
        "case_number": result.case_number, "dedupe_key": result.dedupe_key, "situation": result.situation,
        "urgency": result.urgency, "language": result.language,
        "deadline": result.deadline.isoformat() if result.deadline else None,
        "owner": result.owner.responsibility if result.owner else None,
    }
    if text is not None:
        case["excerpt"] = text[:_EXCERPT_CHARS]
    return case


def escalation_events(result: TriageResult, text: str | None = None) -> list[tuple[str, dict]]:
    """(event, payload) for each escalation triage decided: why, as text in the policy's default
    language (``reason``, ``reason_language``) and as codes with params (``structured_reasons``)."""
    said = result.notes_language
    return [(EVENT_ESCALATION, {**_case(result, text), "to": escalation.to.responsibility,
                                "to_name": escalation.to.name, "to_email": escalation.to.email,
                                "reason": escalation.reason_text(said), "reason_language": said,
                                "structured_reasons": [reason.to_dict() for reason in escalation.reasons],
                                "protected_employee": result.not_assignable[0] if result.not_assignable else None})
            for escalation in result.escalations]


def sla_event(result: TriageResult, hours: BusinessHours, now: datetime) -> tuple[str, dict] | None:
    """An alert when the deadline is about to be missed or was missed; None when fine."""
    status = result.sla(hours, now)
    if status is SlaStatus.OK:
        return None
    event = EVENT_SLA_MISSED if status is SlaStatus.MISSED else EVENT_SLA_AT_RISK
    return event, {**_case(result, None), "status": status.value, "checked_at": now.isoformat()}


def notify(sender: WebhookSender, urls: Sequence[str], events: Sequence[tuple[str, dict]]) -> list[Notification]:
    """Put every event for every receiver in the outbox (delivery happens in :meth:`WebhookSender.deliver_due`)."""
    return [sender.enqueue(url, event, payload) for event, payload in events for url in urls]
