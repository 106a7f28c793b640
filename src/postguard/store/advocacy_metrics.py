"""Measurement (R19): engagement imports, and reports per campaign, team, employee and week.

Reports add up three sources: shares (when shared), clicks (the daily counts the redirect
keeps) and engagement (imported per post and day, matched to a share by the post's address),
read from ``advocacy_daily``, which keeps all three per share and day. Weeks are ISO weeks of
the UTC day.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import Date, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from ..advocacy.engagement import EngagementRow
from ..advocacy.measure import iso_week
from ..auth.permissions import Actor
from ..errors import UsageError
from . import advocacy_daily, audit_events as ev
from .advocacy_models import DAILY_METRICS, AdvocacyDaily, ContentItem, Engagement, Share
from .audit import record
from .base import utcnow
from .models import User
from .people import require
from .policies import active_number
from .stats import as_date

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
    found = session.execute(select(Share.id, Share.post_url).where(Share.post_url.in_(urls))).all() if urls else []
    known = {url for _, url in found}
    matched = sum(1 for url, _ in latest if url in known)
    session.flush()
    advocacy_daily.refresh_engagement(session, [share_id for share_id, _ in found])
    record(session, ev.EngagementImported(source=source[:200], rows=len(latest), matched=matched),
           actor=actor.label, policy_version=active_number(session))
    return ImportResult(len(latest), matched, sorted(urls - known)[:50])


# --- reports ---------------------------------------------------------------------------------

def _most_of_the_data(session: Session, since: date | None, until: date | None) -> bool:
    """Whether the period covers more than a quarter of the days with activity (two index lookups)."""
    first, last = session.execute(select(func.min(AdvocacyDaily.day), func.max(AdvocacyDaily.day))).one()
    if first is None:
        return True
    first, last = as_date(first), as_date(last)
    start, end = max(since or first, first), min(until or last, last)
    return (end - start).days * 4 > (last - first).days


def report(session: Session, *, actor: Actor, by: str, since: date | None = None, until: date | None = None,
           campaign: str | None = None, team: str | None = None) -> list[dict[str, Any]]:
    """One row per campaign, team, employee or ISO week, with every metric; ``until`` is inclusive.

    One grouped query over ``advocacy_daily`` (each share's shares, clicks and engagement per
    day, with the share's item, team and person on the row): a covering index per dimension
    serves it without a join. Items, people and weeks are named afterwards in Python.
    """
    require(actor, "advocacy.report")
    if by not in DIMENSIONS:
        raise UsageError(f"cannot report by {by!r}; choose one of {', '.join(DIMENSIONS)}")
    if since and until and until < since:
        raise UsageError(f"until ({until}) is before since ({since})")
    campaigns = dict(session.execute(select(ContentItem.id, ContentItem.campaign)).all())
    usernames = dict(session.execute(select(User.id, User.username)).all()) if by == "employee" else {}
    key = {"campaign": AdvocacyDaily.item_id, "team": AdvocacyDaily.team, "employee": AdvocacyDaily.user_id,
           "week": AdvocacyDaily.day}[by]
    query = select(key, *(func.sum(getattr(AdvocacyDaily, m)) for m in DAILY_METRICS))
    day: Any = AdvocacyDaily.day
    if by != "week" and session.get_bind().dialect.name == "sqlite" and _most_of_the_data(session, since, until):
        # Without table statistics SQLite takes the index on ``day`` for the period and then
        # sorts the rows to group them. ``+day`` (SQLite's documented way to keep a term off
        # indexes) leaves it the dimension's own index (key, day, metrics): a scan already in
        # group order that holds every column. For a short period the ``day`` index reads less.
        day = UnaryExpression(AdvocacyDaily.day, operator=custom_op("+"), type_=Date)
    if since:
        query = query.where(day >= since)
    if until:
        query = query.where(day <= until)
    if campaign:
        query = query.where(AdvocacyDaily.item_id.in_([i for i, c in campaigns.items() if c == campaign]))
    if team:
        query = query.where(AdvocacyDaily.team == team)

    def name(raw: Any) -> Any:
        if by == "week":
            return iso_week(datetime.combine(as_date(raw), datetime.min.time()))
        if by == "campaign":
            return campaigns.get(raw, "")
        return usernames.get(raw, raw) if by == "employee" else raw

    rows: dict[Any, dict[str, int]] = {}
    for raw, *values in session.execute(query.group_by(key)):
        target = rows.setdefault(name(raw), dict.fromkeys(METRICS, 0))
        for metric, value in zip(DAILY_METRICS, values):
            target[metric] += int(value or 0)
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
