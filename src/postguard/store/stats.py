"""Figures over stored drafts for the dashboard: findings by category, language and week,
and drafts by outcome.

The database does the counting, over the per-draft finding counts written with each report
(``store/draft_summary.py``), so a year of drafts is never parsed, neither in Python nor by
the database's JSON functions (measured: ``benchmarks/webui_pages.py``). Days become ISO
weeks (Monday to Sunday, UTC, named ``2026-W47``) here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .base import utcnow
from .models import Draft, DraftFindingCount


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


def weeks_between(since: datetime, until: datetime) -> list[str]:
    """Every ISO week from ``since`` to ``until``, oldest first."""
    weeks: dict[str, None] = {}
    day = since
    while day <= until:
        weeks.setdefault(iso_week(day))
        day += timedelta(days=7)
    weeks.setdefault(iso_week(until))
    return list(weeks)


def _weeks(since: datetime, until: datetime) -> dict[str, int]:
    return dict.fromkeys(weeks_between(since, until), 0)


def as_date(moment: object) -> date:
    """A grouped day as the database returns it: a date (PostgreSQL) or its ISO text (SQLite)."""
    return moment if isinstance(moment, date) else date.fromisoformat(str(moment))


def draft_stats(session: Session, *, weeks: int = 12, until: datetime | None = None) -> DraftStats:
    """Figures over the drafts submitted in the ``weeks`` weeks up to ``until`` (now).

    Two grouped queries over the drafts of the period (covered by ``ix_drafts_created_summary``):
    drafts and findings per week, language and outcome from ``drafts.finding_count``, and findings per
    category from ``draft_finding_counts`` — both written with the report
    (``store/draft_summary.py``), so no report is read."""
    until = until or utcnow()
    since = until - timedelta(weeks=weeks)
    stats = DraftStats(since=since, until=until, by_week=_weeks(since, until))
    in_period = (Draft.created_at >= since) & (Draft.created_at <= until)
    monday = monday_of(session.get_bind().dialect.name, Draft.created_at)
    per_week = (select(monday, Draft.language, Draft.status, func.count(), func.sum(Draft.finding_count))
                .where(in_period).group_by(monday, Draft.language, Draft.status))
    for moment, language, status, drafts, findings in session.execute(per_week):
        findings = int(findings or 0)
        stats.drafts += drafts
        stats.by_outcome[status] += drafts
        if findings:
            week = iso_week(as_date(moment))
            stats.findings += findings
            stats.by_week[week] = stats.by_week.get(week, 0) + findings
            stats.by_language[language or "?"] += findings
    per_category = (select(DraftFindingCount.category, func.sum(DraftFindingCount.findings))
                    .join(Draft, Draft.id == DraftFindingCount.draft_id).where(in_period)
                    .group_by(DraftFindingCount.category))
    for category, findings in session.execute(per_category):
        stats.by_category[category] += int(findings)
    return stats


def monday_of(dialect: str, column):  # noqa: ANN001, ANN202
    """The Monday (UTC) of a stored moment's ISO week, computed by the database, to group by
    week there (a year is 53 groups, not 365); ``as_date`` reads what it returns."""
    if dialect == "postgresql":
        return func.date(func.date_trunc("week", func.timezone("UTC", column)))
    # SQLite keeps UTC moments as naive text; 'weekday 0' is the next Sunday (or the day itself).
    return func.date(column, "weekday 0", "-6 days")
