"""Internal competitions (R18): points from shares, clicks and engagement, a fair leaderboard."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Literal

EventKind = Literal["share", "click", "like", "comment", "reshare", "impression"]


@dataclass(frozen=True)
class Competition:
    name: str
    start: datetime
    end: datetime
    #: Points per event kind, e.g. {"share": 10, "click": 1, "like": 0.5}.
    points: dict[str, float]
    prizes: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a competition must end after it starts")
        if any(value < 0 for value in self.points.values()):
            raise ValueError("points must not be negative")


@dataclass(frozen=True)
class Event:
    employee: str
    kind: str
    at: datetime
    count: int = 1
    team: str | None = None


@dataclass(frozen=True)
class Standing:
    rank: int
    employee: str
    points: float
    prize: str | None = None
    breakdown: dict[str, float] = field(default_factory=dict)


def leaderboard(competition: Competition, events: Iterable[Event], *, opted_out: frozenset[str] = frozenset(),
                viewer: str | None = None) -> list[Standing]:
    """Standings in the competition's time window. Equal points share a rank (1, 2, 2, 4).

    Employees who opted out are left off the public board; they still see their own line
    when they are the ``viewer``, without a rank among the others.
    """
    totals: dict[str, dict[str, float]] = {}
    for event in events:
        if not (competition.start <= event.at < competition.end):
            continue
        if competition.teams and event.team not in competition.teams:
            continue
        weight = competition.points.get(event.kind, 0.0)
        if weight:
            per_kind = totals.setdefault(event.employee, {})
            per_kind[event.kind] = per_kind.get(event.kind, 0.0) + weight * event.count
    scored = sorted(((sum(k.values()), name) for name, k in totals.items() if name not in opted_out),
                    key=lambda pair: (-pair[0], pair[1]))
    standings, previous, rank = [], None, 0
    for position, (points, name) in enumerate(scored, 1):
        if points != previous:
            rank, previous = position, points
        prize = competition.prizes[rank - 1] if rank - 1 < len(competition.prizes) else None
        standings.append(Standing(rank, name, round(points, 2), prize, totals[name]))
    if viewer in opted_out and viewer in totals:
        standings.append(Standing(0, viewer, round(sum(totals[viewer].values()), 2), None, totals[viewer]))
    return standings
