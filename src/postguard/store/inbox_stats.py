"""Figures over the inbox for the dashboard: were customers answered before their deadline?

Each conversation received in the period gets one outcome:

- ``on_time``: the first reply a person sent (a reply or a redirect; never the automatic
  acknowledgement) went out at or before the deadline triage set (or there was no deadline);
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
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .base import utcnow
from .inbox_models import InboxConversation, InboxReply
from .stats import iso_week, weeks_between

OUTCOMES = ("on_time", "late", "overdue", "waiting", "closed")
#: Replies that count as answering the customer.
ANSWERS = ("reply", "redirect")


@dataclass
class Group:
    """Conversations of one week or situation: counts per outcome and the response hours."""

    outcomes: Counter = field(default_factory=Counter)
    hours: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"conversations": sum(self.outcomes.values()),
                **{outcome: self.outcomes[outcome] for outcome in OUTCOMES},
                "median_hours": round(statistics.median(self.hours), 2) if self.hours else None}


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


def outcome(*, status: str, deadline: datetime | None, answered: datetime | None, now: datetime) -> str:
    if answered is not None:
        return "on_time" if deadline is None or answered <= deadline else "late"
    if status == "closed":
        return "closed"
    return "overdue" if deadline is not None and deadline < now else "waiting"


def response_stats(session: Session, *, weeks: int = 12, until: datetime | None = None) -> ResponseStats:
    """The outcomes of the conversations received in the ``weeks`` weeks up to ``until`` (now)."""
    until = until or utcnow()
    since = until - timedelta(weeks=weeks)
    stats = ResponseStats(since, until, by_week={week: Group() for week in weeks_between(since, until)})
    first_answer = (select(InboxReply.conversation_id, func.min(InboxReply.sent_at).label("at"))
                    .where(InboxReply.status == "sent", InboxReply.kind.in_(ANSWERS))
                    .group_by(InboxReply.conversation_id).subquery())
    query = (select(InboxConversation.received_at, InboxConversation.deadline, InboxConversation.status,
                    InboxConversation.situation, first_answer.c.at)
             .outerjoin(first_answer, first_answer.c.conversation_id == InboxConversation.id)
             .where(InboxConversation.received_at >= since, InboxConversation.received_at <= until))
    at_type = InboxReply.__table__.c.sent_at.type  # a subquery's min() loses the UTC type: restore it
    dialect = session.get_bind().dialect
    for received, deadline, status, situation, answered in session.execute(query):
        if answered is not None:
            answered = at_type.process_result_value(_as_datetime(answered), dialect)
        result = outcome(status=status, deadline=deadline, answered=answered, now=until)
        hours = (answered - received).total_seconds() / 3600 if answered is not None else None
        for group in (stats.total, stats.by_week.setdefault(iso_week(received), Group()),
                      stats.by_situation.setdefault(situation, Group())):
            group.outcomes[result] += 1
            if hours is not None:
                group.hours.append(hours)
    return stats


def _as_datetime(value: object) -> datetime:
    """SQLite returns min() over a stored moment as its text."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
