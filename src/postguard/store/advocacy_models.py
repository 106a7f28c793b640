"""Tables of employee advocacy (R17–R19): content, shares, tracked links and clicks, engagement,
competitions, teams and leaderboard opt-outs.

Clicks are kept twice on purpose: every click as a row (``link_clicks``: when, human or bot,
an anonymous visitor hash) and per share and day (``link_clicks_daily``), written in the same
transaction, so reports over a year of data read the small daily table, not millions of rows.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .models import User

CONTENT_STATUSES = ("pending", "approved", "withdrawn")


class ContentItem(Base):
    """An item of the content library: texts per language, link, media, hashtags, embargo, expiry, teams."""

    __tablename__ = "content_items"
    __table_args__ = (CheckConstraint("status IN ('pending', 'approved', 'withdrawn')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A readable identifier marketing chooses (``sun-launch-1``).
    key: Mapped[str] = mapped_column(String(64), unique=True)
    campaign: Mapped[str] = mapped_column(String(200), index=True)
    #: {language: text}
    texts: Mapped[dict[str, str]] = mapped_column(JSON)
    link: Mapped[Optional[str]] = mapped_column(String(2000))
    #: [{name, source, licence}]
    media: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    hashtags: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Teams it is meant for; empty means everyone.
    teams: Mapped[list[str]] = mapped_column(JSON, default=list)
    embargo_until: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    expires_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    policy_version: Mapped[Optional[int]] = mapped_column(Integer)

    approved_by: Mapped[Optional[User]] = relationship(foreign_keys=[approved_by_id], lazy="joined")


class Share(Base):
    """One employee's share of one item on one channel, with its own tracked link code."""

    __tablename__ = "shares"
    __table_args__ = (UniqueConstraint("item_id", "user_id", "channel", name="uq_shares_item_user_channel"),
                      Index("ix_shares_created_at", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The employee's team when they shared (reports per team stay right after a move).
    team: Mapped[Optional[str]] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(8))
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_version: Mapped[int] = mapped_column(Integer)
    #: The URL of the published post, which the employee reports; engagement imports match on it.
    post_url: Mapped[Optional[str]] = mapped_column(String(2000), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[ContentItem] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")
    link: Mapped[Optional["TrackedLink"]] = relationship(lazy="joined", uselist=False, back_populates="share")


class TrackedLink(Base):
    """``/r/<code>`` → ``target``. Only stored codes redirect, and only to their own target."""

    __tablename__ = "tracked_links"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id"), unique=True)
    target: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    share: Mapped[Share] = relationship(back_populates="link")


class LinkClick(Base):
    __tablename__ = "link_clicks"
    __table_args__ = (Index("ix_link_clicks_share_at", "share_id", "at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: A crawler, a link preview or a browser prefetch: redirected, not counted as a person.
    bot: Mapped[bool] = mapped_column(Boolean, default=False)
    #: SHA-256 of (address, user agent, day), shortened: tells repeat clicks apart without storing who.
    visitor: Mapped[str] = mapped_column(String(16))


class LinkClicksDaily(Base):
    __tablename__ = "link_clicks_daily"

    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    bot_clicks: Mapped[int] = mapped_column(Integer, default=0)


#: What reports add up, in the order of the ``advocacy_daily`` columns.
DAILY_METRICS = ("shares", "clicks", "bot_clicks", "likes", "comments", "reshares", "impressions")


class AdvocacyDaily(Base):
    """What one share did on one (UTC) day: shared, clicked, engaged with; kept for reports.

    The share's item, team and person are copied onto each row (they never change after the
    share is made), so a report over a year groups one table by one column through a covering
    index instead of joining ~a million daily rows to their shares. Written in the same
    transaction as what it sums: the share (``store.advocacy.share_item``), its clicks
    (``store.clicks.write_clicks``) and the engagement matched to its post
    (``store.advocacy_daily.refresh_engagement``). A row exists exactly when the share was made
    that day, a daily click count exists or a matched engagement row exists, so reports list the
    same rows as when they read those tables themselves.
    """

    __tablename__ = "advocacy_daily"
    __table_args__ = tuple(Index(f"ix_advocacy_daily_{key}", key, "day", *DAILY_METRICS)
                           for key in ("item_id", "team", "user_id")) + (Index("ix_advocacy_daily_day", "day", *DAILY_METRICS),)

    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer)
    team: Mapped[Optional[str]] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(Integer)
    shares: Mapped[int] = mapped_column(Integer, default=0)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    bot_clicks: Mapped[int] = mapped_column(Integer, default=0)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    reshares: Mapped[int] = mapped_column(Integer, default=0)
    impressions: Mapped[int] = mapped_column(Integer, default=0)


class Engagement(Base):
    """Engagement of one published post on one day, from a platform export; a later import of the
    same post and day replaces the numbers (exports are snapshots, not increments)."""

    __tablename__ = "engagement"
    __table_args__ = (UniqueConstraint("post_url", "day", name="uq_engagement_post_url_day"),
                      Index("ix_engagement_day", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    post_url: Mapped[str] = mapped_column(String(2000))
    day: Mapped[date] = mapped_column(Date)
    likes: Mapped[int] = mapped_column(Integer)
    comments: Mapped[int] = mapped_column(Integer)
    reshares: Mapped[int] = mapped_column(Integer)
    impressions: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Competition(Base):
    __tablename__ = "competitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Points per event kind: share, click, like, comment, reshare, impression.
    points: Mapped[dict[str, float]] = mapped_column(JSON)
    #: Prizes by rank: the first for rank 1, …
    prizes: Mapped[list[str]] = mapped_column(JSON, default=list)
    teams: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class AdvocateProfile(Base):
    """An employee's team (for targeting and reports) and whether they appear on leaderboards."""

    __tablename__ = "advocate_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    team: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    leaderboard_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
