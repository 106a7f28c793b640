"""The content library and shares (R17): create, approve, what one may share now, share.

A share is composed and checked (``advocacy.share.compose_share``: the employee's language,
their own tracked link, the campaign hashtags, the policy's disclosure, the post checker for a
personal account on their channel) before the write transaction, like a draft; the share and
its tracked link are then stored together, and one employee has one share (one link) per item
and channel: sharing again answers the first one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..advocacy import content as pure
from ..advocacy.links import new_code, tracked_url
from ..advocacy.share import compose_share
from ..auth.permissions import Actor, Owned
from ..errors import ConflictError, NotFoundError
from . import advocacy_daily, audit_events as ev
from .advocacy_models import AdvocateProfile, ContentItem, Share, TrackedLink
from .audit import record
from .base import utcnow
from .db import Database
from .models import User
from .people import require
from .policies import active_number, active_policy


def _audit(session: Session, event: ev.Event, actor: Actor) -> None:
    record(session, event, actor=actor.label, policy_version=active_number(session))


def to_pure(row: ContentItem) -> pure.ContentItem:
    """The library item as the pure model that decides availability and composes shares."""
    approved = None
    if row.status == "approved":
        approved = row.approved_by.username if row.approved_by else "approved"
    return pure.ContentItem(id=row.key, campaign=row.campaign, texts=row.texts, link=row.link,
                            media=tuple(pure.Media(**m) for m in row.media), hashtags=tuple(row.hashtags),
                            approved_by=approved, embargo_until=row.embargo_until, expires_at=row.expires_at,
                            teams=tuple(row.teams))


# --- content -----------------------------------------------------------------------------

def create_content(session: Session, *, actor: Actor, item: pure.ContentItem) -> ContentItem:
    """Store a validated item as pending approval."""
    require(actor, "advocacy.content.create")
    if session.scalar(select(ContentItem.id).where(ContentItem.key == item.id)) is not None:
        raise ConflictError(f"a library item with key {item.id!r} already exists")
    row = ContentItem(key=item.id, campaign=item.campaign, texts=dict(item.texts), link=str(item.link) if item.link else None,
                      media=[m.model_dump() for m in item.media], hashtags=list(item.hashtags), teams=list(item.teams),
                      embargo_until=item.embargo_until, expires_at=item.expires_at, status="pending",
                      created_by_id=actor.user_id or None, policy_version=active_number(session))
    session.add(row)
    session.flush()
    _audit(session, ev.ContentCreated(item_id=row.id, key=row.key, campaign=row.campaign), actor)
    return row


def get_content(session: Session, *, item_id: int) -> ContentItem:
    row = session.get(ContentItem, item_id)
    if row is None:
        raise NotFoundError(f"no library item {item_id}")
    return row


def list_content(session: Session, *, actor: Actor, status: str | None = None, campaign: str | None = None) -> list[ContentItem]:
    require(actor, "advocacy.content.list")
    query = select(ContentItem).order_by(ContentItem.created_at.desc(), ContentItem.id.desc())
    if status:
        query = query.where(ContentItem.status == status)
    if campaign:
        query = query.where(ContentItem.campaign == campaign)
    return list(session.scalars(query))


def approve_content(session: Session, *, actor: Actor, item_id: int) -> ContentItem:
    row = get_content(session, item_id=item_id)
    require(actor, "advocacy.content.approve", Owned(row.created_by_id or 0))
    if row.status != "pending":
        raise ConflictError(f"library item {item_id} is {row.status}, not pending approval")
    row.status, row.approved_by_id, row.approved_at = "approved", actor.user_id or None, utcnow()
    session.flush()
    session.refresh(row)
    _audit(session, ev.ContentApproved(item_id=row.id, key=row.key, hashtags=list(row.hashtags)), actor)
    return row


def withdraw_content(session: Session, *, actor: Actor, item_id: int, reason: str) -> ContentItem:
    """Take an item out of the library (it can no longer be shared; links already out keep working)."""
    row = get_content(session, item_id=item_id)
    require(actor, "advocacy.content.approve", Owned(row.created_by_id or 0))
    if row.status == "withdrawn":
        raise ConflictError(f"library item {item_id} is already withdrawn")
    row.status = "withdrawn"
    session.flush()
    _audit(session, ev.ContentWithdrawn(item_id=row.id, key=row.key, reason=reason), actor)
    return row


# --- people: team and opt-out ----------------------------------------------------------------

def profile(session: Session, *, user_id: int) -> AdvocateProfile:
    """The person's advocacy profile (no team, on the leaderboards, until set)."""
    return session.get(AdvocateProfile, user_id) or AdvocateProfile(user_id=user_id, team=None, leaderboard_opt_out=False)


def update_profile(session: Session, *, actor: Actor, username: str, team: str | None = None,
                   opt_out: bool | None = None, set_team: bool = False) -> AdvocateProfile:
    """Set someone's team (leads) or one's own leaderboard opt-out (anyone on staff)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"no user {username!r}")
    if set_team:
        require(actor, "advocacy.profile.manage")
    if opt_out is not None:
        require(actor, "advocacy.profile.own" if user.id == actor.user_id else "advocacy.profile.manage")
    row = session.get(AdvocateProfile, user.id)
    if row is None:
        row = AdvocateProfile(user_id=user.id, team=None, leaderboard_opt_out=False)
        session.add(row)
    if set_team:
        row.team = (team or "").strip() or None
    if opt_out is not None:
        row.leaderboard_opt_out = opt_out
    session.flush()
    _audit(session, ev.AdvocateProfileChanged(username=username, team=row.team,
                                              leaderboard_opt_out=row.leaderboard_opt_out), actor)
    return row


# --- what I may share now, and sharing ----------------------------------------------------------

def library(session: Session, *, actor: Actor, at: datetime) -> list[tuple[ContentItem, pure.ContentItem]]:
    """Approved items the actor may share at ``at`` (embargo lifted, not expired, for their team)."""
    require(actor, "advocacy.library")
    team = profile(session, user_id=actor.user_id).team
    query = (select(ContentItem).where(ContentItem.status == "approved")
             .where(or_(ContentItem.embargo_until.is_(None), ContentItem.embargo_until <= at))
             .where(or_(ContentItem.expires_at.is_(None), ContentItem.expires_at > at))
             .order_by(ContentItem.approved_at.desc(), ContentItem.id.desc()))
    items = [(row, to_pure(row)) for row in session.scalars(query)]
    return [(row, item) for row, item in items if pure.availability(item, at, team=team).ok]


@dataclass(frozen=True)
class LibraryEntry:
    """An item one may share now, in one's language (or the policy's default when it lacks it)."""

    id: int
    key: str
    campaign: str
    language: str
    text: str
    link: str | None
    hashtags: list[str]
    media: list[dict[str, str]]
    expires_at: datetime | None
    #: The shares one already made of it: channel -> share id.
    shared_on: dict[str, int]


def library_entries(session: Session, *, actor: Actor, at: datetime | None = None) -> list[LibraryEntry]:
    _number, policy = active_policy(session)
    language = session.scalar(select(User.language).where(User.id == actor.user_id)) or policy.languages.default
    found = library(session, actor=actor, at=at or utcnow())
    mine: dict[int, dict[str, int]] = {}
    if found:
        for share_id, item_id, channel in session.execute(
                select(Share.id, Share.item_id, Share.channel).where(Share.user_id == actor.user_id,
                                                                     Share.item_id.in_([r.id for r, _ in found]))):
            mine.setdefault(item_id, {})[channel] = share_id
    entries = []
    for row, item in found:
        used = pure.text_language(item, language, policy.languages.default)
        entries.append(LibraryEntry(row.id, row.key, row.campaign, used, item.texts[used], row.link, row.hashtags,  # type: ignore[index]
                                    row.media, row.expires_at, mine.get(row.id, {})))
    return entries


@dataclass(frozen=True)
class ShareOutcome:
    share: Share
    created: bool
    #: The item had no text in the employee's language; ``share.language`` is the one used.
    language_fallback: bool = False


def _existing(session: Session, *, item_id: int, user_id: int, channel: str) -> Share | None:
    return session.scalar(select(Share).where(Share.item_id == item_id, Share.user_id == user_id,
                                              Share.channel == channel))


def share_item(db: Database, *, actor: Actor, item_id: int, channel: str, base_url: str,
               at: datetime | None = None) -> ShareOutcome:
    """Compose, check and record the actor's share of an item, or raise ``ShareRefused`` with the reason."""
    require(actor, "advocacy.share")
    at = at or utcnow()
    with db.reader() as session:
        row = get_content(session, item_id=item_id)
        existing = _existing(session, item_id=item_id, user_id=actor.user_id, channel=channel)
        if existing is not None:
            return ShareOutcome(existing, False)
        number, policy = active_policy(session)
        user = session.get(User, actor.user_id)
        language = user.language if user is not None else policy.languages.default
        team = profile(session, user_id=actor.user_id).team
        item = to_pure(row)
    code = new_code()
    link = tracked_url(base_url, code) if item.link else None
    composed = compose_share(item, policy, language=language, at=at, tracked_link=link, channel=channel, team=team)
    with db.writer() as session:
        share = Share(item_id=item_id, user_id=actor.user_id, team=team, channel=channel, language=composed.language,
                      text=composed.text, verdict=composed.report.verdict.value, report=composed.report.to_dict(),
                      policy_version=number, created_at=at)
        try:
            with session.begin_nested():
                session.add(share)
                session.flush()
                if item.link:
                    session.add(TrackedLink(code=code, share_id=share.id, target=str(item.link), created_at=at))
                    session.flush()
                advocacy_daily.add_share(session, share)
        except IntegrityError:
            # The same employee shared the same item on the same channel a moment ago (a double click).
            first = _existing(session, item_id=item_id, user_id=actor.user_id, channel=channel)
            if first is None:
                raise
            return ShareOutcome(first, False)
        codes = sorted({f.code for f in composed.report.findings})
        _audit(session, ev.ShareCreated(share_id=share.id, item_id=item_id, channel=channel, language=share.language,
                                        verdict=share.verdict, codes=codes), actor)
        session.commit()
        session.refresh(share)
        return ShareOutcome(share, True, composed.language_fallback)


def get_share(session: Session, *, actor: Actor, share_id: int) -> Share:
    share = session.get(Share, share_id)
    if share is None:
        raise NotFoundError(f"no share {share_id}")
    require(actor, "advocacy.share.list", Owned(share.user_id))
    return share


def list_shares(session: Session, *, actor: Actor, everyone: bool = False, limit: int = 100, offset: int = 0) -> list[Share]:
    query = select(Share).order_by(Share.created_at.desc(), Share.id.desc()).limit(limit).offset(offset)
    if everyone:
        require(actor, "advocacy.report")
    else:
        require(actor, "advocacy.share.list", Owned(actor.user_id))
        query = query.where(Share.user_id == actor.user_id)
    return list(session.scalars(query))


def set_post_url(session: Session, *, actor: Actor, share_id: int, post_url: str) -> Share:
    """The employee says where the share was published; engagement imports match on it."""
    from ..advocacy.engagement import normalise_post_url

    share = session.get(Share, share_id)
    if share is None:
        raise NotFoundError(f"no share {share_id}")
    require(actor, "advocacy.share.update", Owned(share.user_id))
    share.post_url = normalise_post_url(post_url, "post_url")
    session.flush()
    advocacy_daily.refresh_engagement(session, [share.id])  # the share now matches other engagement rows
    return share

