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

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from .base import utcnow
from .inbox_models import InboxConversation
from .stats import as_date, iso_week, monday_of, weeks_between

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

    Two queries over the period's conversations, covered by ``ix_inbox_conversations_response``:
    the database decides each outcome and counts them per week and situation, and hands over
    the hours to ``first_reply_at`` (kept on the conversation by ``inbox_replies.send``) in
    order, so no reply is read, no moment is parsed here and the medians need no sorting (a
    window-function median in the database measured three times slower on SQLite)."""
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
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        hours = func.extract("epoch", c.first_reply_at - c.received_at) / 3600.0
    else:  # SQLite keeps UTC moments as naive text
        hours = (func.julianday(c.first_reply_at) - func.julianday(c.received_at)) * 24.0
    monday = monday_of(dialect, c.received_at)
    in_period = (c.received_at >= bindparam("since", since, type_=moment)) & (c.received_at <= now)
    weeks_of: dict[object, Group] = {}

    def week(day: object) -> Group:
        group = weeks_of.get(day)
        if group is None:
            group = weeks_of[day] = stats.by_week.setdefault(iso_week(as_date(day)), Group())
        return group

    def situation_group(name: str) -> Group:
        group = stats.by_situation.get(name)
        if group is None:
            group = stats.by_situation[name] = Group()
        return group

    counted = select(monday, c.situation, result, func.count()).where(in_period).group_by(monday, c.situation, result)
    for day, situation, outcome_, number in session.execute(counted):
        for group in (stats.total, week(day), situation_group(situation)):
            group.outcomes[outcome_] += number
    # The medians: the answered conversations' hours, in order, so each group's list is sorted.
    per_week: dict[object, list[float]] = {}
    per_situation: dict[str, list[float]] = {}
    every: list[float] = []
    answered = select(monday, c.situation, hours).where(in_period, c.first_reply_at.is_not(None)).order_by(hours)
    for day, situation, spent in session.execute(answered):
        every.append(spent)
        per_week.setdefault(day, []).append(spent)
        per_situation.setdefault(situation, []).append(spent)
    stats.total.median = _median(every)
    for day, values in per_week.items():
        week(day).median = _median(values)
    for situation, values in per_situation.items():
        stats.by_situation[situation].median = _median(values)
    return stats


def _median(ordered: list[float]) -> float | None:
    """The median of values already in order."""
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2)
