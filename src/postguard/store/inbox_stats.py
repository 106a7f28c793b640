"""Figures over the inbox for the dashboard: were customers answered before their deadline?

Each conversation received in the period gets one outcome:

- ``on_time``: the first reply a person sent (a reply or a redirect; never the automatic
  acknowledgement; ``first_reply_at``) went out at or before the deadline triage set (or
  there was no deadline);
- ``late``: it went out after the deadline;
- ``overdue``: no reply yet and the deadline has passed;
- ``waiting``: no reply yet, still within the deadline (or none set);
- ``closed``: closed without a reply (nothing to answer).

Response time is wall-clock hours from the customer's message to that first reply (the
deadline itself is in business hours, so "on time" already allows for nights and weekends).
Per ISO week of arrival and per situation, with medians.
"""
from __future__ import annotations

import statistics

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from .base import utcnow
from .inbox_models import InboxConversation
from .stats import iso_week, weeks_between

OUTCOMES = ("on_time", "late", "overdue", "waiting", "closed")


@dataclass
class Group:
    """Conversations of one week or situation: counts per outcome and the median response hours."""

    outcomes: Counter = field(default_factory=Counter)
    median: float | None = None

    def to_dict(self) -> dict:
        return {"conversations": sum(self.outcomes.values()),
                **{outcome: self.outcomes[outcome] for outcome in OUTCOMES},
                "median_hours": None if self.median is None else round(self.median, 2)}


@dataclass
class ResponseStats:
    since: datetime
    until: datetime
    total: Group = field(default_factory=Group)
    #: ISO week of arrival -> group; every week of the period, oldest first
    by_week: dict[str, Group] = field(default_factory=dict)
    #: situation -> group, most conversations first
    by_situation: dict[str, Group] = field(default_factory=dict)

    def to_dict(self) -> dict:
        situations = sorted(self.by_situation.items(), key=lambda item: (-sum(item[1].outcomes.values()), item[0]))
        return {"since": self.since.isoformat(), "until": self.until.isoformat(), **self.total.to_dict(),
                "by_week": {week: group.to_dict() for week, group in self.by_week.items()},
                "by_situation": {name: group.to_dict() for name, group in situations}}


def response_stats(session: Session, *, weeks: int = 12, until: datetime | None = None) -> ResponseStats:
    """The outcomes of the conversations received in the ``weeks`` weeks up to ``until`` (now).

    One query over the period's conversations, covered by ``ix_inbox_conversations_response``:
    the database decides each outcome, the week and the hours to ``first_reply_at`` (kept on
    the conversation by ``inbox_replies.send``), so no reply is read and no moment is parsed
    here; Python only counts and takes the medians (a window-function median in the database
    measured three times slower on SQLite)."""
    until = until or utcnow()
    since = until - timedelta(weeks=weeks)
    stats = ResponseStats(since, until, by_week={week: Group() for week in weeks_between(since, until)})
    c = InboxConversation
    moment = c.__table__.c.received_at.type
    now = bindparam("now", until, type_=moment)
    result = case((c.first_reply_at.is_not(None),
                   case(((c.deadline.is_(None)) | (c.first_reply_at <= c.deadline), "on_time"), else_="late")),
                  (c.status == "closed", "closed"),
                  ((c.deadline.is_not(None)) & (c.deadline < now), "overdue"), else_="waiting")
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        hours = func.extract("epoch", c.first_reply_at - c.received_at) / 3600.0
        monday = func.date(func.date_trunc("week", func.timezone("UTC", c.received_at)))
    else:  # SQLite keeps UTC moments as naive text
        hours = (func.julianday(c.first_reply_at) - func.julianday(c.received_at)) * 24.0
        monday = func.date(c.received_at, "weekday 0", "-6 days")
    in_period = (c.received_at >= bindparam("since", since, type_=moment)) & (c.received_at <= now)
    weeks_of: dict[object, Group] = {}
    situations: dict[str, Group] = {}
    hours_of: dict[int, list[float]] = {}
    for day, situation, outcome_, spent in session.execute(select(monday, c.situation, result, hours).where(in_period)):
        week = weeks_of.get(day)
        if week is None:
            week = weeks_of[day] = stats.by_week.setdefault(iso_week(_as_date(day)), Group())
        group = situations.get(situation)
        if group is None:
            group = situations[situation] = stats.by_situation.setdefault(situation, Group())
        for target in (stats.total, week, group):
            target.outcomes[outcome_] += 1
            if spent is not None:
                hours_of.setdefault(id(target), []).append(spent)
    for group in (stats.total, *stats.by_week.values(), *stats.by_situation.values()):
        spent = hours_of.get(id(group))
        group.median = float(statistics.median(spent)) if spent else None
    return stats


def _as_date(value: object) -> date:
    """A grouped day as the database returns it: a date (PostgreSQL) or its ISO text (SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
