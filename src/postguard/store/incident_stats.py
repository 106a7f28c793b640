"""Figures over coordinated-campaign incidents for the dashboard: how many were opened each
week, where they stand now, and how many accounts and comments they involve.

Counted from the columns ``incidents`` keeps for lists (``accounts``: the member accounts,
``comments``: the comments in the incident), never from the incident documents.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .base import utcnow
from .incident_models import INCIDENT_STATES, IncidentRecord
from .stats import iso_week, weeks_between


@dataclass
class IncidentStats:
    since: datetime
    until: datetime
    opened: int = 0
    accounts: int = 0
    comments: int = 0
    #: the state today of the incidents opened in the period
    by_state: Counter = field(default_factory=Counter)
    #: ISO week of opening -> {"opened", "accounts", "comments"}; every week, oldest first
    by_week: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"since": self.since.isoformat(), "until": self.until.isoformat(), "opened": self.opened,
                "accounts": self.accounts, "comments": self.comments,
                "by_state": {state: self.by_state[state] for state in INCIDENT_STATES}, "by_week": self.by_week}


def incident_stats(session: Session, *, weeks: int = 12, until: datetime | None = None) -> IncidentStats:
    """The incidents opened in the ``weeks`` weeks up to ``until`` (now)."""
    until = until or utcnow()
    since = until - timedelta(weeks=weeks)
    stats = IncidentStats(since, until, by_week={week: {"opened": 0, "accounts": 0, "comments": 0}
                                                 for week in weeks_between(since, until)})
    query = (select(IncidentRecord.opened_at, IncidentRecord.state, IncidentRecord.accounts, IncidentRecord.comments)
             .where(IncidentRecord.opened_at >= since, IncidentRecord.opened_at <= until))
    for opened_at, state, accounts, comments in session.execute(query):
        week = stats.by_week.setdefault(iso_week(opened_at), {"opened": 0, "accounts": 0, "comments": 0})
        week["opened"] += 1
        week["accounts"] += accounts
        week["comments"] += comments
        stats.opened += 1
        stats.accounts += accounts
        stats.comments += comments
        stats.by_state[state] += 1
    return stats
