"""Figures for the dashboard: findings and drafts, inbox response times, incidents.

Each needs the permission to read what it counts: the drafts' figures ``dashboard.read``,
the inbox's ``inbox.read``, the incidents' ``incident.read``.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...store import incident_stats, inbox_stats, stats
from ...store.people import require
from ..deps import ActorDep, ReadSession
from ..schemas import DraftStatsPublic, IncidentStatsPublic, ResponseStatsPublic

router = APIRouter(prefix="/stats", tags=["stats"])

Weeks = Annotated[int, Query(ge=1, le=260, description="The period: this many weeks up to now")]


@router.get("/drafts", response_model=DraftStatsPublic,
            summary="Findings by category, language and ISO week, and drafts by outcome, over the last weeks")
def draft_stats(actor: ActorDep, session: ReadSession, weeks: Weeks = 12):
    require(actor, "dashboard.read")
    return stats.draft_stats(session, weeks=weeks).to_dict()


@router.get("/inbox", response_model=ResponseStatsPublic,
            summary="Customer conversations answered before their deadline, late or not yet, per week and situation")
def response_stats(actor: ActorDep, session: ReadSession, weeks: Weeks = 12):
    require(actor, "inbox.read")
    return inbox_stats.response_stats(session, weeks=weeks).to_dict()


@router.get("/incidents", response_model=IncidentStatsPublic,
            summary="Incidents opened per week, their state now, and the accounts and comments involved")
def incidents_stats(actor: ActorDep, session: ReadSession, weeks: Weeks = 12):
    require(actor, "incident.read")
    return incident_stats.incident_stats(session, weeks=weeks).to_dict()
