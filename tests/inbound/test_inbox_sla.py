"""Deadlines in business hours: Oslo's opening hours, DST weekends, holidays, customers in other zones."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from postguard.errors import UsageError
from postguard.inbound.sla import BusinessHours, SlaStatus, sla_status
from postguard.policy.schema import Availability

OSLO = ZoneInfo("Europe/Oslo")
TEL_AVIV = ZoneInfo("Asia/Jerusalem")
WEEKDAYS = {day: ["08:00-16:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


@pytest.fixture
def hours() -> BusinessHours:
    return BusinessHours(Availability(timezone="Europe/Oslo", hours=WEEKDAYS,
                                      holidays=[date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)]))


def test_friday_evening_message_is_due_monday(hours):
    # Friday 27 Nov 2026 19:30 Oslo; 4 business hours: Monday 08:00 + 4 h = 12:00 Oslo.
    deadline = hours.deadline(oslo(2026, 11, 27, 19, 30), 4)
    assert deadline == oslo(2026, 11, 30, 12, 0)
    assert deadline.tzinfo == timezone.utc


def test_within_the_day(hours):
    assert hours.deadline(oslo(2026, 11, 24, 9, 15), 2) == oslo(2026, 11, 24, 11, 15)


def test_deadline_carries_over_to_next_day(hours):
    # Tuesday 14:00 + 4 h: 2 h today (until 16:00), 2 h from Wednesday 08:00.
    assert hours.deadline(oslo(2026, 11, 24, 14, 0), 4) == oslo(2026, 11, 25, 10, 0)


def test_spring_forward_weekend_keeps_wall_clock_hours(hours):
    # Clocks go forward on Sunday 29 March 2026. Friday 15:00 CET + 3 h = 1 h Friday,
    # 2 h Monday from 08:00 CEST: Monday 10:00 local, which is 08:00 UTC (not 09:00).
    deadline = hours.deadline(oslo(2026, 3, 27, 15, 0), 3)
    assert deadline == oslo(2026, 3, 30, 10, 0)
    assert deadline == datetime(2026, 3, 30, 8, 0, tzinfo=timezone.utc)


def test_fall_back_weekend(hours):
    # Clocks go back on Sunday 25 October 2026: Friday 15:00 CEST + 3 h → Monday 10:00 CET = 09:00 UTC.
    deadline = hours.deadline(oslo(2026, 10, 23, 15, 0), 3)
    assert deadline == datetime(2026, 10, 26, 9, 0, tzinfo=timezone.utc)


def test_business_day_in_dst_change_is_eight_hours():
    # A company open on Sundays: the day the clock jumps still has 8 open hours (08-16 local).
    always = BusinessHours(Availability(timezone="Europe/Oslo", hours={"sun": ["08:00-16:00"]}))
    start = oslo(2026, 3, 29, 8, 0)
    assert always.business_time_between(start, oslo(2026, 3, 29, 16, 0)) == timedelta(hours=8)


def test_24_hour_service_across_the_dst_night_counts_real_hours():
    always = BusinessHours(Availability(timezone="Europe/Oslo"))
    # 00:00 to 12:00 local on 29 March is 11 real hours (02:00 does not exist).
    assert always.deadline(oslo(2026, 3, 29, 0, 0), 11) == oslo(2026, 3, 29, 12, 0)
    assert always.is_open(oslo(2026, 3, 29, 3, 0))


def test_holidays_are_closed(hours):
    # Wednesday 23 Dec 15:00 + 2 h: 1 h on the 23rd; 24, 25, 26 closed, 27 is Sunday → Monday 28 09:00.
    assert hours.deadline(oslo(2026, 12, 23, 15, 0), 2) == oslo(2026, 12, 28, 9, 0)
    assert not hours.is_open(oslo(2026, 12, 24, 10, 0))


def test_customer_in_tel_aviv(hours):
    # Sunday is a working day in Tel Aviv, but the hours are Oslo's: a Sunday 10:00 message
    # (09:00 Oslo) waits until Monday 08:00 Oslo, i.e. 09:00 in Tel Aviv.
    received = datetime(2026, 11, 29, 10, 0, tzinfo=TEL_AVIV)
    assert not hours.is_open(received)
    assert hours.next_open(received).astimezone(TEL_AVIV) == datetime(2026, 11, 30, 9, 0, tzinfo=TEL_AVIV)
    assert hours.deadline(received, 1) == oslo(2026, 11, 30, 9, 0)


def test_is_open_edges(hours):
    assert hours.is_open(oslo(2026, 11, 24, 8, 0))
    assert hours.is_open(oslo(2026, 11, 24, 15, 59))
    assert not hours.is_open(oslo(2026, 11, 24, 16, 0))
    assert not hours.is_open(oslo(2026, 11, 24, 7, 59))
    assert not hours.is_open(oslo(2026, 11, 28, 12, 0))  # Saturday


def test_split_day_and_midnight_ranges():
    split = BusinessHours(Availability(timezone="Europe/Oslo", hours={
        "mon": ["08:00-11:00", "12:00-16:00"], "tue": ["20:00-24:00"], "wed": ["00:00-02:00"]}))
    assert not split.is_open(oslo(2026, 11, 23, 11, 30))  # lunch
    assert split.deadline(oslo(2026, 11, 23, 10, 0), 2) == oslo(2026, 11, 23, 13, 0)
    # Tuesday 23:00 + 2 h: the night shift runs on past midnight into Wednesday.
    assert split.deadline(oslo(2026, 11, 24, 23, 0), 2) == oslo(2026, 11, 25, 1, 0)


def test_range_over_midnight_is_refused():
    with pytest.raises(UsageError, match="split a range over midnight"):
        BusinessHours(Availability(hours={"mon": ["22:00-02:00"]}))


def test_no_open_day_is_refused():
    with pytest.raises(UsageError, match="no open day"):
        BusinessHours(Availability(hours={"mon": []}))


def test_naive_time_is_refused(hours):
    with pytest.raises(UsageError, match="no time zone"):
        hours.is_open(datetime(2026, 11, 24, 10, 0))


def test_sla_status_about_to_be_missed(hours):
    received = oslo(2026, 11, 24, 9, 0)
    deadline = hours.deadline(received, 4)  # 13:00
    assert sla_status(hours, received, deadline, oslo(2026, 11, 24, 10, 0)) is SlaStatus.OK
    assert sla_status(hours, received, deadline, oslo(2026, 11, 24, 12, 15)) is SlaStatus.AT_RISK
    assert sla_status(hours, received, deadline, oslo(2026, 11, 24, 13, 0)) is SlaStatus.MISSED


def test_sla_not_at_risk_over_the_weekend(hours):
    # Due Monday 10:00; on Saturday evening 2 business hours of 4 remain: not yet at risk.
    received = oslo(2026, 11, 27, 14, 0)
    deadline = hours.deadline(received, 4)
    assert deadline == oslo(2026, 11, 30, 10, 0)
    assert sla_status(hours, received, deadline, oslo(2026, 11, 28, 20, 0)) is SlaStatus.OK
    assert sla_status(hours, received, deadline, oslo(2026, 11, 30, 9, 30)) is SlaStatus.AT_RISK
