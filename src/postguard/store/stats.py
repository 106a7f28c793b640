"""Figures over stored drafts for the dashboard: findings by category, language and week,
and drafts by outcome.

The database does the counting: the findings inside each stored report's JSON are unnested
by the database's own JSON functions (SQLite ``json_each``, PostgreSQL
``json_array_elements``) and grouped by day, language and category, so a year of drafts is
never parsed in Python (measured: ``benchmarks/webui_pages.py``). Days become ISO weeks
(Monday to Sunday, UTC, named ``2026-W47``) here. Other databases fall back to reading the
reports in batches.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select, text
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


def iso_week(moment: date) -> str:
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


#: Findings per (day, language, category), unnested and counted by the database.
_FINDINGS_SQL = {
    "sqlite": """SELECT date(d.created_at) AS day, coalesce(d.language, '?') AS language,
                        coalesce(json_extract(f.value, '$.category'), '?') AS category, count(*) AS n
                 FROM drafts AS d, json_each(d.report, '$.findings') AS f
                 WHERE d.created_at >= :since AND d.created_at <= :until
                 GROUP BY day, language, category""",
    "postgresql": """SELECT CAST(d.created_at AT TIME ZONE 'UTC' AS DATE) AS day, coalesce(d.language, '?') AS language,
                            coalesce(f.value ->> 'category', '?') AS category, count(*) AS n
                     FROM drafts AS d CROSS JOIN LATERAL json_array_elements(d.report -> 'findings') AS f
                     WHERE d.created_at >= :since AND d.created_at <= :until
                     GROUP BY 1, 2, 3""",
}


def draft_stats(session: Session, *, weeks: int = 12, until: datetime | None = None, batch: int = 2000) -> DraftStats:
    """Figures over the drafts submitted in the ``weeks`` weeks up to ``until`` (now)."""
    until = until or utcnow()
    since = until - timedelta(weeks=weeks)
    stats = DraftStats(since=since, until=until, by_week=_weeks(since, until))
    sql = _FINDINGS_SQL.get(session.get_bind().dialect.name)
    if sql is None:
        return _counted_in_python(session, stats, batch)
    moment = Draft.__table__.c.created_at.type
    in_period = (Draft.created_at >= since) & (Draft.created_at <= until)
    for status, count in session.execute(select(Draft.status, func.count()).where(in_period).group_by(Draft.status)):
        stats.by_outcome[status] += count
        stats.drafts += count
    query = text(sql).bindparams(bindparam("since", since, type_=moment), bindparam("until", until, type_=moment))
    for day, language, category, count in session.execute(query):
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        week = iso_week(day)
        stats.findings += count
        stats.by_week[week] = stats.by_week.get(week, 0) + count
        stats.by_language[language] += count
        stats.by_category[category] += count
    return stats


def _counted_in_python(session: Session, stats: DraftStats, batch: int) -> DraftStats:
    since, until = stats.since, stats.until
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
