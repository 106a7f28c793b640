"""Response deadlines in business hours (R12), from ``policy.availability``.

Opening hours are wall-clock ranges in the policy's time zone ("08:00-16:00" on a Monday
means 08:00 Oslo time whether Oslo is on CET or CEST), so every opening interval is built
in local time with :mod:`zoneinfo` and converted to UTC before any arithmetic. Python
subtracts two aware datetimes of the same zone by wall clock, which is wrong across a
daylight-saving change; doing all sums in UTC is what keeps a DST weekend correct.

Holidays close the whole local day. A policy with no ``hours`` at all is open around the
clock (the company has said nothing narrower); a policy whose every day is closed cannot
produce a deadline and says so.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..errors import UsageError
from ..policy.schema import Availability
from .failures import TriageFailure

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: How far ahead to look for opening hours before concluding there are none (holidays can close weeks).
_HORIZON_DAYS = 400


class SlaStatus(str, Enum):
    OK = "ok"
    AT_RISK = "at_risk"
    MISSED = "missed"


@dataclass(frozen=True)
class Interval:
    """One opening, in UTC, half-open: [start, end)."""

    start: datetime
    end: datetime


def _parse_range(day: str, text: str) -> tuple[time, time | None]:
    """("08:00", "24:00") → (08:00, None) where None means the end of the day."""
    first, _, last = text.partition("-")
    start = time.fromisoformat(first)
    end = None if last == "24:00" else time.fromisoformat(last)
    if end is not None and end <= start:
        raise UsageError(
            f"availability.hours.{day}: {text!r} ends before it starts; split a range over midnight "
            f"into {first}-24:00 and 00:00-{last}")
    return start, end


class BusinessHours:
    """The company's opening hours: open or not, next opening, deadlines, business time between two moments."""

    def __init__(self, availability: Availability):
        self.zone = ZoneInfo(availability.timezone)
        self.always_open = not availability.hours
        self.holidays = frozenset(availability.holidays)
        self._ranges: dict[int, list[tuple[time, time | None]]] = {}
        for index, day in enumerate(_DAYS):
            ranges = sorted(_parse_range(day, item) for item in availability.hours.get(day, []))  # type: ignore[call-overload]
            self._ranges[index] = ranges
        if not self.always_open and not any(self._ranges.values()):
            raise UsageError("availability.hours lists no open day; give at least one range or remove hours for 24/7")
        # Deadlines for a whole inbox ask about the same few days again and again.
        self._day_intervals = lru_cache(maxsize=1024)(self._build_day_intervals)

    # -- opening intervals ------------------------------------------------------------
    def _build_day_intervals(self, day: date) -> tuple[Interval, ...]:
        if day in self.holidays:
            return []
        if self.always_open:
            spans = [(time(0, 0), None)]
        else:
            spans = self._ranges[day.weekday()]
        intervals: list[Interval] = []
        for start, end in spans:
            local_start = datetime.combine(day, start, tzinfo=self.zone)
            local_end = (datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=self.zone)
                         if end is None else datetime.combine(day, end, tzinfo=self.zone))
            utc_start, utc_end = local_start.astimezone(timezone.utc), local_end.astimezone(timezone.utc)
            if utc_end <= utc_start:  # a range wholly inside a skipped DST hour
                continue
            if intervals and utc_start <= intervals[-1].end:  # overlapping or touching ranges merge
                intervals[-1] = Interval(intervals[-1].start, max(intervals[-1].end, utc_end))
            else:
                intervals.append(Interval(utc_start, utc_end))
        return tuple(intervals)

    def intervals_from(self, at: datetime) -> Iterator[Interval]:
        """Opening intervals that end after ``at``, in order, clipped to start no earlier than ``at``."""
        at = _utc(at)
        day = at.astimezone(self.zone).date() - timedelta(days=1)  # yesterday's range may run past midnight UTC
        previous: Interval | None = None
        for offset in range(_HORIZON_DAYS):
            for interval in self._day_intervals(day + timedelta(days=offset)):
                if interval.end <= at:
                    continue
                interval = Interval(max(interval.start, at), interval.end)
                # 24:00 on one day touching 00:00 the next is one continuous opening.
                if previous is not None and interval.start <= previous.end:
                    previous = Interval(previous.start, max(previous.end, interval.end))
                    continue
                if previous is not None:
                    yield previous
                previous = interval
        if previous is not None:
            yield previous

    # -- questions a caller asks ------------------------------------------------------
    def is_open(self, at: datetime) -> bool:
        at = _utc(at)
        local_day = at.astimezone(self.zone).date()
        for day in (local_day - timedelta(days=1), local_day):
            if any(i.start <= at < i.end for i in self._day_intervals(day)):
                return True
        return False

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the next opening (UTC)."""
        for interval in self.intervals_from(at):
            return interval.start
        raise TriageFailure("never_open", {"days": _HORIZON_DAYS, "after": _utc(at).isoformat()}).error()

    def deadline(self, start: datetime, hours: float) -> datetime:
        """The moment ``hours`` business hours after ``start`` have passed (UTC)."""
        if hours <= 0:
            raise UsageError(f"respond_within_hours must be positive, not {hours}")
        remaining = timedelta(hours=hours)
        for interval in self.intervals_from(start):
            available = interval.end - interval.start
            if remaining <= available:
                return interval.start + remaining
            remaining -= available
        raise TriageFailure("no_time_to_answer", {"hours": hours, "days": _HORIZON_DAYS}).error()

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        start, end = _utc(start), _utc(end)
        total = timedelta(0)
        if end <= start:
            return total
        for interval in self.intervals_from(start):
            if interval.start >= end:
                break
            total += min(interval.end, end) - interval.start
        return total

    def local(self, at: datetime) -> datetime:
        return _utc(at).astimezone(self.zone)


def sla_status(hours: BusinessHours, received: datetime, deadline: datetime, now: datetime,
               warn_fraction: float = 0.25) -> SlaStatus:
    """MISSED after the deadline; AT_RISK when less than ``warn_fraction`` of the business time allowed is left.

    Measured in business hours, so a message due Monday 10:00 is not "about to be missed"
    on Saturday evening when nobody can act on it anyway.
    """
    if not 0 < warn_fraction < 1:
        raise UsageError(f"warn_fraction must be between 0 and 1, not {warn_fraction}")
    now = _utc(now)
    if now >= _utc(deadline):
        return SlaStatus.MISSED
    allowed = hours.business_time_between(received, deadline)
    left = hours.business_time_between(now, deadline)
    return SlaStatus.AT_RISK if left <= allowed * warn_fraction else SlaStatus.OK


def _utc(at: datetime) -> datetime:
    if not isinstance(at, datetime):
        raise UsageError(f"expected a datetime, not {type(at).__name__}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise UsageError(f"{at.isoformat()} has no time zone; business hours need an aware time")
    return at.astimezone(timezone.utc)
