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
    # Grouped by the share's own columns (item, team, user) and named afterwards in Python:
    # joining a year of daily rows to items and people would cost a lookup per row.
    campaigns = dict(session.execute(select(ContentItem.id, ContentItem.campaign)).all())
    share_key = {"campaign": Share.item_id, "team": Share.team, "employee": Share.user_id}.get(by)
    usernames = dict(session.execute(select(User.id, User.username)).all()) if by == "employee" else {}

    def name(raw: Any) -> Any:
        if by == "week":
            return iso_week(datetime.combine(_as_date(raw), datetime.min.time()))
        if by == "campaign":
            return campaigns.get(raw, "")
        return usernames.get(raw, raw) if by == "employee" else raw

    def shares_only(query: Any) -> Any:
        if campaign:
            query = query.where(Share.item_id.in_([i for i, c in campaigns.items() if c == campaign]))
        return query.where(Share.team == team) if team else query

    def in_period(query: Any, day_column: Any) -> Any:
        if since:
            query = query.where(day_column >= since)
        return query.where(day_column <= until) if until else query

    rows: dict[Any, dict[str, int]] = {}

    def add(found: Any, *names: str) -> None:
        for raw, *values in found:
            target = rows.setdefault(name(raw), dict.fromkeys(METRICS, 0))
            for metric, value in zip(names, values):
                target[metric] += int(value or 0)

    share_day = _day(session, Share.created_at)
    key = share_day if by == "week" else share_key
    add(session.execute(shares_only(in_period(select(key, func.count(Share.id)), share_day)).group_by(key)), "shares")

    click_sums = (func.sum(LinkClicksDaily.clicks), func.sum(LinkClicksDaily.bot_clicks))
    if by == "week":
        query = in_period(select(LinkClicksDaily.day, *click_sums), LinkClicksDaily.day)
        if campaign or team:
            query = shares_only(query.join(Share, Share.id == LinkClicksDaily.share_id))
        add(session.execute(query.group_by(LinkClicksDaily.day)), "clicks", "bot_clicks")
    else:  # per share first (the daily table's own order), then one lookup per share
        per_share = in_period(select(LinkClicksDaily.share_id, click_sums[0].label("clicks"),
                                     click_sums[1].label("bots")), LinkClicksDaily.day)
        per_share = per_share.group_by(LinkClicksDaily.share_id).subquery()
        query = shares_only(select(share_key, func.sum(per_share.c.clicks), func.sum(per_share.c.bots))
                            .join(Share, Share.id == per_share.c.share_id))
        add(session.execute(query.group_by(share_key)), "clicks", "bot_clicks")

    engagement = ("likes", "comments", "reshares", "impressions")
    sums = [func.sum(getattr(Engagement, m)).label(m) for m in engagement]
    if by == "week":
        query = shares_only(in_period(select(Engagement.day, *sums), Engagement.day)
                            .join(Share, Share.post_url == Engagement.post_url))
        add(session.execute(query.group_by(Engagement.day)), *engagement)
    else:  # per post first, then one lookup per post
        per_post = in_period(select(Engagement.post_url, *sums), Engagement.day).group_by(Engagement.post_url).subquery()
        query = shares_only(select(share_key, *(func.sum(per_post.c[m]) for m in engagement))
                            .join(Share, Share.post_url == per_post.c.post_url))
        add(session.execute(query.group_by(share_key)), *engagement)
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
