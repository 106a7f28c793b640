"""Figures for the dashboard: findings by category, language and week, drafts by outcome."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...store import stats
from ...store.people import require
from ..deps import ActorDep, ReadSession
from ..schemas import DraftStatsPublic

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("/drafts", response_model=DraftStatsPublic,
            summary="Findings by category, language and ISO week, and drafts by outcome, over the last weeks")
def draft_stats(actor: ActorDep, session: ReadSession, weeks: Annotated[int, Query(ge=1, le=260)] = 12):
    require(actor, "dashboard.read")
    return stats.draft_stats(session, weeks=weeks).to_dict()
