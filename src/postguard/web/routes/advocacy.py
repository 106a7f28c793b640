"""The content library and sharing (R17): create, approve, what I may share now, share."""
from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request, Response
from pydantic import ValidationError

from ...advocacy import content as pure
from ...advocacy.links import tracked_url
from ...errors import UsageError
from ...store import advocacy
from ...store.advocacy_models import Share
from ..advocacy_schemas import (ContentCreate, ContentPublic, LibraryItem, PostUrl, SharePublic, ShareRequest,
                                Withdrawal)
from ..deps import ActorDep, ReadSession, ServiceDep, WriteSession

router = APIRouter(prefix="/advocacy", tags=["advocacy"])


def base_url(request: Request) -> str:
    """Where ``/r/<code>`` is served: this service's own address as the caller reached it."""
    return str(request.base_url)


def share_public(share: Share, request: Request, *, fallback: bool = False) -> SharePublic:
    link = tracked_url(base_url(request), share.link.code) if share.link else None
    return SharePublic(id=share.id, item_id=share.item_id, campaign=share.item.campaign, username=share.user.username,
                       team=share.team, channel=share.channel, language=share.language, text=share.text,
                       tracked_link=link, verdict=share.verdict, report=share.report,
                       policy_version=share.policy_version, post_url=share.post_url, created_at=share.created_at,
                       language_fallback=fallback)


def validated_item(body: ContentCreate) -> pure.ContentItem:
    """The pure model's own rules (hashtag shape, time zones, expiry after embargo), as a 422 naming the field."""
    try:
        return pure.ContentItem(id=body.key, campaign=body.campaign, texts=body.texts, link=body.link,
                                media=tuple(body.media), hashtags=tuple(body.hashtags), teams=tuple(body.teams),
                                embargo_until=body.embargo_until, expires_at=body.expires_at)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise UsageError(f"body.{where}: {first['msg'].removeprefix('Value error, ')}") from None


@router.post("/items", response_model=ContentPublic, status_code=201,
             summary="Add an item to the content library; it waits for the communications lead's approval")
def create_item(body: ContentCreate, actor: ActorDep, session: WriteSession):
    row = advocacy.create_content(session, actor=actor, item=validated_item(body))
    session.commit()
    return row


@router.get("/items", response_model=list[ContentPublic], summary="Every library item (content editors)")
def list_items(actor: ActorDep, session: ReadSession, status: Optional[str] = None, campaign: Optional[str] = None):
    return advocacy.list_content(session, actor=actor, status=status, campaign=campaign)


@router.post("/items/{item_id}/approve", response_model=ContentPublic,
             summary="Approve an item's texts, tags and mentions (communications lead; never one's own)")
def approve_item(item_id: int, actor: ActorDep, session: WriteSession):
    row = advocacy.approve_content(session, actor=actor, item_id=item_id)
    session.commit()
    return row


@router.post("/items/{item_id}/withdraw", response_model=ContentPublic,
             summary="Take an item out of the library; links already shared keep working")
def withdraw_item(item_id: int, body: Withdrawal, actor: ActorDep, session: WriteSession):
    row = advocacy.withdraw_content(session, actor=actor, item_id=item_id, reason=body.reason)
    session.commit()
    return row


@router.get("/library", response_model=list[LibraryItem],
            summary="What I may share now: approved, embargo lifted, not expired, meant for my team; in my language")
def library(actor: ActorDep, session: ReadSession):
    return advocacy.library_entries(session, actor=actor)


@router.post("/items/{item_id}/shares", response_model=SharePublic, status_code=201,
             summary="Share an item: my text, my tracked link, the campaign hashtags and the disclosure, checked",
             responses={200: {"description": "Already shared on this channel: the first share",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SharePublic"}}}},
                        409: {"description": "Refused (embargoed, expired, not approved, not for my team, or "
                                             "blocked by the check); details list the reason and findings"}})
def share_item(item_id: int, body: ShareRequest, actor: ActorDep, service: ServiceDep, request: Request,
               response: Response):
    outcome = advocacy.share_item(service.db, actor=actor, item_id=item_id, channel=body.channel,
                                  base_url=base_url(request))
    if not outcome.created:
        response.status_code = 200
    return share_public(outcome.share, request, fallback=outcome.language_fallback)


@router.get("/shares", response_model=list[SharePublic], summary="My shares (leads: everyone's with everyone=true)")
def list_shares(actor: ActorDep, session: ReadSession, request: Request, everyone: bool = False,
                limit: Annotated[int, Query(ge=1, le=1000, description="At most this many shares")] = 100,
                offset: Annotated[int, Query(ge=0, description="Skip this many")] = 0):
    return [share_public(s, request) for s in advocacy.list_shares(session, actor=actor, everyone=everyone,
                                                                   limit=limit, offset=offset)]


@router.put("/shares/{share_id}/post-url", response_model=SharePublic,
            summary="Record where my share was published, so imported engagement counts for it")
def set_post_url(share_id: int, body: PostUrl, actor: ActorDep, session: WriteSession, request: Request):
    share = advocacy.set_post_url(session, actor=actor, share_id=share_id, post_url=body.post_url)
    session.commit()
    return share_public(share, request)

