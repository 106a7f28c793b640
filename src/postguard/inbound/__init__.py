"""The inbox's pure core: incoming messages, triage, deadlines in business hours, replies.

No I/O and no state here; the store persists messages and conversations, the service
calls :class:`Triage` per message. See ``triage.py`` for the flow.
"""
from .message import Arrival, InboundMessage
from .situations import KeywordSituationClassifier, SituationClassifier
from .sla import BusinessHours, SlaStatus, sla_status
from .targets import Employee, find_targets
from .triage import Triage, TriageResult, triage

__all__ = [
    "Arrival", "BusinessHours", "Employee", "InboundMessage", "KeywordSituationClassifier", "SituationClassifier",
    "SlaStatus", "Triage", "TriageResult", "find_targets", "sla_status", "triage",
]
