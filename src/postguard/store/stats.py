"""Figures over stored drafts for the dashboard: findings by category, language and week,
and drafts by outcome.

One pass over the drafts of the period, reading only the columns it needs (the report's
JSON is the one heavy column; each finding's category and the draft's language are taken
from it). Weeks are ISO weeks (Monday to Sunday, UTC), named ``2026-W47``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .base import utcnow
from .models import Draft


@dataclass
class DraftStats:
    since: datetime
    until: datetime
    drafts: int = 0
    findings: int = 0
    #: category -> findings
    by_category: Counter = field(default_factory=Counter)
    #: the draft's language -> findings
    by_language: Counter = field(default_factory=Counter)
    #: ISO week -> findings; every week of the period is present, also empty ones
    by_week: dict[str, int] = field(default_factory=dict)
    #: draft status -> drafts
    by_outcome: Counter = field(default_factory=Counter)

    def to_dict(self) -> dict:
        return {"since": self.since.isoformat(), "until": self.until.isoformat(), "drafts": self.drafts,
                "findings": self.findings, "by_category": dict(self.by_category.most_common()),
                "by_language": dict(self.by_language.most_common()), "by_week": self.by_week,
                "by_outcome": dict(self.by_outcome.most_common())}


def iso_week(moment: datetime) -> str:
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _weeks(since: datetime, until: datetime) -> dict[str, int]:
    weeks: dict[str, int] = {}
    day = since
    while day <= until:
        weeks.setdefault(iso_week(day), 0)
        day += timedelta(days=7)
    weeks.setdefault(iso_week(until), 0)
    return weeks


def draft_stats(session: Session, *, weeks: int = 12, until: datetime | None = None, batch: int = 2000) -> DraftStats:
    """Figures over the drafts submitted in the ``weeks`` weeks up to ``until`` (now)."""
    until = until or utcnow()
    since = until - timedelta(weeks=weeks)
    stats = DraftStats(since=since, until=until, by_week=_weeks(since, until))
    query = (select(Draft.id, Draft.created_at, Draft.language, Draft.status, Draft.report)
             .where(Draft.created_at >= since, Draft.created_at <= until).order_by(Draft.id))
    last_id = 0
    while True:  # in batches: a year of drafts need not sit in memory at once
        rows = session.execute(query.where(Draft.id > last_id).limit(batch)).all()
        if not rows:
            break
        for row in rows:
            stats.drafts += 1
            stats.by_outcome[row.status] += 1
            findings = (row.report or {}).get("findings", [])
            if not findings:
                continue
            week = iso_week(row.created_at)
            language = row.language or (row.report or {}).get("language") or "?"
            stats.findings += len(findings)
            stats.by_week[week] = stats.by_week.get(week, 0) + len(findings)
            stats.by_language[language] += len(findings)
            stats.by_category.update(f.get("category", "?") for f in findings)
        last_id = rows[-1].id
    return stats
