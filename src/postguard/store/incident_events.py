"""Audit events of coordinated-campaign incidents (R15): every state change and every export.

Same shape as ``audit_events.py`` (typed dataclasses sent through ``audit.record``); kept in
the incidents' own module so the area's events sit next to its tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .audit_events import Event


@dataclass(frozen=True)
class CommentsScanned(Event):
    """Comments were fed to the campaign detector."""

    action: ClassVar[str] = "incident.scan"
    received: int
    new: int
    opened: list[str]
    grown: list[str]

    def resource(self) -> str:
        return "campaign_comments"


@dataclass(frozen=True)
class IncidentOpened(Event):
    action: ClassVar[str] = "incident.open"
    incident_id: str
    leaders: list[str]
    accounts: int
    waves: int
    comments: int
    owner: str | None

    def resource(self) -> str:
        return f"incident:{self.incident_id}"


@dataclass(frozen=True)
class IncidentGrown(Event):
    """New waves, accounts or comments were added to an unresolved incident."""

    action: ClassVar[str] = "incident.grow"
    incident_id: str
    accounts: int
    waves: int
    comments: int
    new_waves: list[int]

    def resource(self) -> str:
        return f"incident:{self.incident_id}"


@dataclass(frozen=True)
class IncidentStateChanged(Event):
    action: ClassVar[str] = "incident.transition"
    incident_id: str
    from_state: str
    to_state: str
    note: str | None

    def resource(self) -> str:
        return f"incident:{self.incident_id}"


@dataclass(frozen=True)
class EvidenceExported(Event):
    """An evidence bundle left the system; its SHA-256 ties the file to this link of the chain."""

    action: ClassVar[str] = "incident.export"
    incident_id: str
    format: str
    language: str | None
    bundle_sha256: str
    comments: int

    def resource(self) -> str:
        return f"incident:{self.incident_id}"
