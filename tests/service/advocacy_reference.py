"""The advocacy report as it was computed before ``advocacy_daily`` (issue 8): straight from shares,
daily click counts and engagement joined to their shares. Kept only to check that reports read
from ``advocacy_daily`` give exactly the same rows (tests/service/test_advocacy_reports.py)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, cast, func, select
from sqlalchemy.orm import Session

from postguard.advocacy.measure import iso_week
from postguard.store.advocacy_metrics import METRICS
from postguard.store.advocacy_models import ContentItem, Engagement, LinkClicksDaily, Share
from postguard.store.models import User


def _day(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def reference_report(session: Session, *, by: str, since: date | None = None, until: date | None = None,
                     campaign: str | None = None, team: str | None = None) -> list[dict[str, Any]]:
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
