"""Measurement and incentives (R18, R19): engagement imports, reports, competitions, leaderboards, opt-out."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response

from ...advocacy.engagement import parse_export
from ...errors import InputError
from ...store import advocacy, advocacy_metrics, competitions
from ...store.people import require
from ..advocacy_schemas import (CompetitionIn, CompetitionPublic, ImportAnswer, Leaderboard, OptOut, ProfilePublic,
                                ReportBy, ReportFormat, ReportRow, TeamChange)
from ..deps import ActorDep, ReadSession, WriteSession

router = APIRouter(prefix="/advocacy", tags=["advocacy"])

#: Larger exports are refused before parsing.
MAX_EXPORT_BYTES = 20_000_000


@router.post("/engagement", response_model=ImportAnswer,
             summary="Import engagement from a platform export (CSV, JSON array or JSON Lines in the body)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "string"}}}}})
async def import_engagement(request: Request, actor: ActorDep, session: WriteSession,
                            source: Annotated[str, Query(max_length=200, description="The export's file name, "
                                                         "shown in errors and the audit log")] = "upload"):
    require(actor, "advocacy.engagement.import")  # before reading a possibly large body
    data = await request.body()
    if len(data) > MAX_EXPORT_BYTES:
        raise InputError(f"{source}: the export is larger than {MAX_EXPORT_BYTES:,} bytes; split it")
    rows = parse_export(data, source)
    result = advocacy_metrics.import_engagement(session, actor=actor, rows=rows, source=source)
    session.commit()
    return result.to_dict()


@router.get("/reports", response_model=list[ReportRow],
            summary="Shares, clicks and engagement per campaign, team, employee or ISO week (JSON or CSV)",
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def report(actor: ActorDep, session: ReadSession, by: ReportBy = "campaign", format: ReportFormat = "json",
           since: Optional[date] = None, until: Optional[date] = None, campaign: Optional[str] = None,
           team: Optional[str] = None):
    rows = advocacy_metrics.report(session, actor=actor, by=by, since=since, until=until, campaign=campaign, team=team)
    if format == "csv":
        return Response(advocacy_metrics.to_csv(rows, by), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="postguard-advocacy-by-{by}.csv"'})
    return rows


def _rules(body: CompetitionIn) -> competitions.CompetitionRules:
    return competitions.CompetitionRules(name=body.name, starts_at=body.starts_at, ends_at=body.ends_at,
                                         points=dict(body.points), prizes=tuple(body.prizes), teams=tuple(body.teams))


@router.post("/competitions", response_model=CompetitionPublic, status_code=201,
             summary="Start a competition: window, points per share/click/engagement, prizes by rank")
def create_competition(body: CompetitionIn, actor: ActorDep, session: WriteSession):
    row = competitions.create(session, actor=actor, rules=_rules(body))
    session.commit()
    return row


@router.get("/competitions", response_model=list[CompetitionPublic], summary="Competitions, newest first")
def list_competitions(actor: ActorDep, session: ReadSession, include_cancelled: bool = False):
    return competitions.list_competitions(session, actor=actor, include_cancelled=include_cancelled)


@router.put("/competitions/{competition_id}", response_model=CompetitionPublic, summary="Change a competition's rules")
def update_competition(competition_id: int, body: CompetitionIn, actor: ActorDep, session: WriteSession):
    row = competitions.update(session, actor=actor, competition_id=competition_id, rules=_rules(body))
    session.commit()
    return row


@router.delete("/competitions/{competition_id}", response_model=CompetitionPublic,
               summary="Cancel a competition (kept, with its history, in the audit log)")
def cancel_competition(competition_id: int, actor: ActorDep, session: WriteSession):
    row = competitions.cancel(session, actor=actor, competition_id=competition_id)
    session.commit()
    return row


@router.get("/competitions/{competition_id}/leaderboard", response_model=Leaderboard,
            summary="Standings; people who opted out are left off (they see their own line, unranked)")
def leaderboard(competition_id: int, actor: ActorDep, session: ReadSession):
    return competitions.leaderboard(session, actor=actor, competition_id=competition_id)


@router.get("/profile", response_model=ProfilePublic, summary="My team and whether I appear on leaderboards")
def my_profile(actor: ActorDep, session: ReadSession):
    require(actor, "advocacy.profile.own")
    row = advocacy.profile(session, user_id=actor.user_id)
    return ProfilePublic(username=actor.username, team=row.team, leaderboard_opt_out=row.leaderboard_opt_out)


@router.put("/profile", response_model=ProfilePublic, summary="Opt out of the leaderboards, or back in")
def set_opt_out(body: OptOut, actor: ActorDep, session: WriteSession):
    row = advocacy.update_profile(session, actor=actor, username=actor.username, opt_out=body.leaderboard_opt_out)
    session.commit()
    return ProfilePublic(username=actor.username, team=row.team, leaderboard_opt_out=row.leaderboard_opt_out)


@router.put("/profiles/{username}/team", response_model=ProfilePublic, summary="Set someone's team (leads)")
def set_team(username: str, body: Annotated[TeamChange, Body()], actor: ActorDep, session: WriteSession):
    row = advocacy.update_profile(session, actor=actor, username=username, team=body.team, set_team=True)
    session.commit()
    return ProfilePublic(username=username, team=row.team, leaderboard_opt_out=row.leaderboard_opt_out)
