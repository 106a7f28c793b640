"""Measurement (R19): engagement imports, and reports per campaign, team, employee and week.

Reports add up three sources, each grouped in the database: shares (when shared), clicks
(the daily counts the redirect keeps) and engagement (imported per post and day, matched to
a share by the post's address). Weeks are ISO weeks of the UTC day.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import Date, cast, func, select
from sqlalchemy.orm import Session

from ..advocacy.engagement import EngagementRow
from ..advocacy.measure import iso_week
from ..auth.permissions import Actor
from ..errors import UsageError
from . import audit_events as ev
from .advocacy_models import ContentItem, Engagement, LinkClicksDaily, Share
from .audit import record
from .base import utcnow
from .models import User
from .people import require
from .policies import active_number

DIMENSIONS = ("campaign", "team", "employee", "week")
METRICS = ("shares", "clicks", "bot_clicks", "likes", "comments", "reshares", "impressions", "engagement")


# --- engagement import -------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    rows: int
    #: Rows whose post is a known share (the rest are kept and count once a share names the post).
    matched: int
    unmatched_urls: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "matched": self.matched, "unmatched_urls": self.unmatched_urls}


def import_engagement(session: Session, *, actor: Actor, rows: list[EngagementRow], source: str,
                      today: date | None = None) -> ImportResult:
    """Store parsed rows (``advocacy.engagement.parse_export`` has already refused bad ones, so a bad
    file writes nothing). A row for a post and day already imported replaces it; rows without
    a date count for ``today``."""
    require(actor, "advocacy.engagement.import")
    today = today or utcnow().date()
    latest: dict[tuple[str, date], EngagementRow] = {}
    for row in rows:  # a file that names a post and day twice: its last line wins
        latest[(row.post_url, row.day or today)] = row
    existing = {(e.post_url, e.day): e for e in session.scalars(
        select(Engagement).where(Engagement.post_url.in_({url for url, _ in latest})))} if latest else {}
    for key, row in latest.items():
        values = dict(likes=row.likes, comments=row.comments, reshares=row.shares, impressions=row.impressions,
                      source=source[:300], imported_at=utcnow())
        stored = existing.get(key)
        if stored is None:
            session.add(Engagement(post_url=key[0], day=key[1], **values))
        else:
            for name, value in values.items():
                setattr(stored, name, value)
    urls = {url for url, _ in latest}
    known = set(session.scalars(select(Share.post_url).where(Share.post_url.in_(urls)))) if urls else set()
    matched = sum(1 for url, _ in latest if url in known)
    session.flush()
    record(session, ev.EngagementImported(source=source[:200], rows=len(latest), matched=matched),
           actor=actor.label, policy_version=active_number(session))
    return ImportResult(len(latest), matched, sorted(urls - known)[:50])


# --- reports ---------------------------------------------------------------------------------

def _day(session: Session, column: Any) -> Any:
    """The UTC calendar day of a timestamp column, on either backend."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def report(session: Session, *, actor: Actor, by: str, since: date | None = None, until: date | None = None,
           campaign: str | None = None, team: str | None = None) -> list[dict[str, Any]]:
    """One row per campaign, team, employee or ISO week, with every metric; ``until`` is inclusive."""
    require(actor, "advocacy.report")
    if by not in DIMENSIONS:
        raise UsageError(f"cannot report by {by!r}; choose one of {', '.join(DIMENSIONS)}")
    if since and until and until < since:
        raise UsageError(f"until ({until}) is before since ({since})")
    share_day = _day(session, Share.created_at)
    keys = {"campaign": ContentItem.campaign, "team": Share.team, "employee": User.username}

    def grouped(day_column: Any, *sums: Any, source: Any = None) -> Any:
        key = day_column if by == "week" else keys[by]
        query = select(key, *sums)
        if source is not None:
            query = query.select_from(source)
        query = query.join(ContentItem, ContentItem.id == Share.item_id)
        if by == "employee":
            query = query.join(User, User.id == Share.user_id)
        if since:
            query = query.where(day_column >= since)
        if until:
            query = query.where(day_column <= until)
        if campaign:
            query = query.where(ContentItem.campaign == campaign)
        if team:
            query = query.where(Share.team == team)
        return session.execute(query.group_by(key)).all()

    rows: dict[Any, dict[str, int]] = {}

    def add(key: Any, **values: int) -> None:
        if by == "week":
            key = iso_week(datetime.combine(_as_date(key), datetime.min.time()))
        target = rows.setdefault(key, dict.fromkeys(METRICS, 0))
        for name, value in values.items():
            target[name] += int(value or 0)

    for key, n in grouped(share_day, func.count(Share.id), source=Share):
        add(key, shares=n)
    daily = (LinkClicksDaily.__table__.join(Share.__table__, Share.id == LinkClicksDaily.share_id))
    for key, clicks, bots in grouped(LinkClicksDaily.day, func.sum(LinkClicksDaily.clicks),
                                     func.sum(LinkClicksDaily.bot_clicks), source=daily):
        add(key, clicks=clicks, bot_clicks=bots)
    engaged = Engagement.__table__.join(Share.__table__, Share.post_url == Engagement.post_url)
    for key, likes, comments, reshares, impressions in grouped(
            Engagement.day, func.sum(Engagement.likes), func.sum(Engagement.comments), func.sum(Engagement.reshares),
            func.sum(Engagement.impressions), source=engaged):
        add(key, likes=likes, comments=comments, reshares=reshares, impressions=impressions)
    result = []
    for key, metrics in rows.items():
        metrics["engagement"] = metrics["likes"] + metrics["comments"] + metrics["reshares"]
        result.append({by: key if key is not None else "", **metrics})
    if by == "week":
        result.sort(key=lambda r: r["week"])
    else:
        result.sort(key=lambda r: (-r["clicks"], -r["shares"], str(r[by])))
    return result


def to_csv(rows: Iterable[dict[str, Any]], by: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow((by, *METRICS))
    for row in rows:
        writer.writerow((row[by], *(row[m] for m in METRICS)))
    return buffer.getvalue()


def weeks_between(since: date, until: date) -> list[str]:
    """Every ISO week from ``since`` to ``until``, so a chart shows quiet weeks as zero."""
    weeks, day = [], since - timedelta(days=since.weekday())
    while day <= until:
        weeks.append(iso_week(datetime.combine(day, datetime.min.time())))
        day += timedelta(days=7)
    return weeks
