"""Competitions (R18): create, change, cancel, and the leaderboard from stored shares, clicks and engagement.

Points come from shares made in the competition's window, people's (not bots') clicks and
imported engagement on days inside the window (clicks and engagement are counted per UTC
day). The ranking itself is ``advocacy.competition.leaderboard``; people who opted out are
left off it and see only their own line.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..advocacy import competition as pure
from ..auth.permissions import Actor
from ..errors import ConflictError, NotFoundError, UsageError
from . import audit_events as ev
from .advocacy_models import AdvocateProfile, Competition, Engagement, LinkClicksDaily, Share
from .audit import record
from .base import utcnow
from .models import User
from .people import require
from .policies import active_number

KINDS = ("share", "click", "like", "comment", "reshare", "impression")


@dataclass(frozen=True)
class CompetitionRules:
    name: str
    starts_at: datetime
    ends_at: datetime
    points: dict[str, float]
    prizes: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()

    def validated(self) -> pure.Competition:
        unknown = sorted(set(self.points) - set(KINDS))
        if unknown:
            raise UsageError(f"points: unknown kind {unknown[0]!r}; use {', '.join(KINDS)}")
        for name in ("starts_at", "ends_at"):
            if getattr(self, name).tzinfo is None:
                raise UsageError(f"{name} needs a time zone (e.g. 2026-12-01T00:00:00+01:00)")
        try:
            return pure.Competition(self.name, self.starts_at, self.ends_at, dict(self.points), self.prizes, self.teams)
        except ValueError as exc:
            raise UsageError(str(exc)) from None


def _audit(session: Session, row: Competition, change: str, actor: Actor) -> None:
    record(session, ev.CompetitionChanged(competition_id=row.id, change=change, name=row.name,
                                          starts_at=row.starts_at.isoformat(), ends_at=row.ends_at.isoformat(),
                                          points=dict(row.points), prizes=list(row.prizes)),
           actor=actor.label, policy_version=active_number(session))


def create(session: Session, *, actor: Actor, rules: CompetitionRules) -> Competition:
    require(actor, "advocacy.competition.manage")
    rules.validated()
    row = Competition(name=rules.name, starts_at=rules.starts_at, ends_at=rules.ends_at, points=dict(rules.points),
                      prizes=list(rules.prizes), teams=list(rules.teams), created_by_id=actor.user_id or None)
    session.add(row)
    session.flush()
    _audit(session, row, "created", actor)
    return row


def get(session: Session, *, competition_id: int) -> Competition:
    row = session.get(Competition, competition_id)
    if row is None:
        raise NotFoundError(f"no competition {competition_id}")
    return row


def update(session: Session, *, actor: Actor, competition_id: int, rules: CompetitionRules) -> Competition:
    require(actor, "advocacy.competition.manage")
    row = get(session, competition_id=competition_id)
    if row.cancelled_at is not None:
        raise ConflictError(f"competition {competition_id} was cancelled; create a new one")
    rules.validated()
    row.name, row.starts_at, row.ends_at = rules.name, rules.starts_at, rules.ends_at
    row.points, row.prizes, row.teams = dict(rules.points), list(rules.prizes), list(rules.teams)
    session.flush()
    _audit(session, row, "changed", actor)
    return row


def cancel(session: Session, *, actor: Actor, competition_id: int) -> Competition:
    require(actor, "advocacy.competition.manage")
    row = get(session, competition_id=competition_id)
    if row.cancelled_at is not None:
        raise ConflictError(f"competition {competition_id} is already cancelled")
    row.cancelled_at = utcnow()
    session.flush()
    _audit(session, row, "cancelled", actor)
    return row


def list_competitions(session: Session, *, actor: Actor, include_cancelled: bool = False) -> list[Competition]:
    require(actor, "advocacy.competition.read")
    query = select(Competition).order_by(Competition.starts_at.desc(), Competition.id.desc())
    if not include_cancelled:
        query = query.where(Competition.cancelled_at.is_(None))
    return list(session.scalars(query))


def _days(start: datetime, end: datetime) -> tuple[date, date]:
    """The UTC days a window touches: [first, last] inclusive."""
    last = end.date() - timedelta(days=1) if end.timetz().replace(tzinfo=None) == time(0) else end.date()
    return start.date(), last


def _events(session: Session, row: Competition) -> list[pure.Event]:
    first, last = _days(row.starts_at, row.ends_at)
    events: list[pure.Event] = []
    shares = (select(User.username, Share.team, func.count(Share.id)).join(User, User.id == Share.user_id)
              .where(Share.created_at >= row.starts_at, Share.created_at < row.ends_at)
              .group_by(User.username, Share.team))
    events += [pure.Event(name, "share", row.starts_at, n, team) for name, team, n in session.execute(shares)]
    clicks = (select(User.username, Share.team, func.sum(LinkClicksDaily.clicks))
              .select_from(LinkClicksDaily).join(Share, Share.id == LinkClicksDaily.share_id)
              .join(User, User.id == Share.user_id)
              .where(LinkClicksDaily.day >= first, LinkClicksDaily.day <= last).group_by(User.username, Share.team))
    events += [pure.Event(name, "click", row.starts_at, int(n or 0), team) for name, team, n in session.execute(clicks)]
    engaged = (select(User.username, Share.team, func.sum(Engagement.likes), func.sum(Engagement.comments),
                      func.sum(Engagement.reshares), func.sum(Engagement.impressions))
               .select_from(Engagement).join(Share, Share.post_url == Engagement.post_url)
               .join(User, User.id == Share.user_id)
               .where(Engagement.day >= first, Engagement.day <= last).group_by(User.username, Share.team))
    for name, team, *counts in session.execute(engaged):
        events += [pure.Event(name, kind, row.starts_at, int(n or 0), team)
                   for kind, n in zip(("like", "comment", "reshare", "impression"), counts)]
    return events


def leaderboard(session: Session, *, actor: Actor, competition_id: int) -> dict[str, Any]:
    """The standings as the actor may see them, with display names and prizes."""
    require(actor, "advocacy.competition.read")
    row = get(session, competition_id=competition_id)
    contest = pure.Competition(row.name, row.starts_at, row.ends_at, dict(row.points), tuple(row.prizes), tuple(row.teams))
    opted_out = frozenset(session.scalars(select(User.username).join(AdvocateProfile, AdvocateProfile.user_id == User.id)
                                          .where(AdvocateProfile.leaderboard_opt_out.is_(True))))
    standings = pure.leaderboard(contest, _events(session, row), opted_out=opted_out, viewer=actor.username)
    names = dict(session.execute(select(User.username, User.display_name)
                                 .where(User.username.in_({s.employee for s in standings}))).all()) if standings else {}
    return {"competition": row, "viewer_opted_out": actor.username in opted_out,
            "standings": [{"rank": s.rank, "username": s.employee, "name": names.get(s.employee) or s.employee,
                           "points": s.points, "prize": s.prize, "breakdown": s.breakdown, "is_viewer": s.employee == actor.username}
                          for s in standings]}
