"""Tables of coordinated-campaign incidents (R15): the comments the detector was fed, and the incidents.

``campaign_comments`` keeps every comment posted to the scan verbatim (the evidence must
survive the detector forgetting it), unique per platform and platform id, so posting the
same export twice adds nothing. ``incidents`` keeps one row per incident: the columns a
list needs, and the whole incident document (accounts with score and reasons, waves,
comments with reasons, playbook, history) as JSON, which is what the evidence bundle is
built from.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow

INCIDENT_STATES = ("open", "acknowledged", "resolved")


class CampaignComment(Base):
    """A comment (or the post opening a thread) as the platform exported it."""

    __tablename__ = "campaign_comments"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_campaign_comments_platform_id"),
                      Index("ix_campaign_comments_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(200))
    thread_id: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The comment exactly as received (``Comment.to_dict``): text, permalink, reply_to, …
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When a scan fed it to the detector; None while it waits (stored by the inbox worker, say,
    #: and not scanned yet because the process stopped): the next scan takes every such comment.
    scanned_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)


class IncidentRecord(Base):
    __tablename__ = "incidents"
    __table_args__ = (CheckConstraint("state IN ('open', 'acknowledged', 'resolved')", name="state"),)

    #: ``INC-0001`` …, the id people quote to lawyers and colleagues.
    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_seen: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_seen: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    #: The owner's responsibility key from the policy (``limits.campaign_owner``).
    owner: Mapped[Optional[str]] = mapped_column(String(100))
    accounts: Mapped[int] = mapped_column(Integer, default=0)
    waves: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    #: The policy version the incident was opened under.
    policy_version: Mapped[Optional[int]] = mapped_column(Integer)
    #: ``Incident.to_dict()``: the full incident.
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The audit event that recorded the opening.
    opened_event: Mapped[Optional[int]] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CampaignDetectorState(Base):
    """The streaming detector between scans (one row), so a trickle of comments is not a rescan.

    ``state`` is the pickled detector after every stored comment older than ``watermark`` (the
    comments from the watermark on are replayed by the next scan, which absorbs comments that
    arrive a little out of order). ``fingerprint`` names the detector's settings, code format and
    lexicons: a scan under another fingerprint rebuilds instead. ``mac`` is an HMAC-SHA256 of
    the state under a key kept in the store: a state nobody signed is never unpickled.
    """

    __tablename__ = "campaign_detector_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    watermark: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    mac: Mapped[str] = mapped_column(String(64))
    #: Comments the detector had read when the state was written (for health checks).
    processed: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
