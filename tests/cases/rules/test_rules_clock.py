"""The 48-hour limit: 2013 working hours (weekends, federal holidays, daylight saving) and
48 elapsed hours for the later rule sets. Expected times are worked out by hand in the
comments. Pure Python: no database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cases.rules.clock import (
    add_business_hours,
    add_elapsed_hours,
    federal_holidays,
    is_counted_day,
    local_midnight,
    to_local_iso,
)


def business(start: str) -> str:
    return to_local_iso(add_business_hours(datetime.fromisoformat(start)))


def elapsed(start: str) -> str:
    return to_local_iso(add_elapsed_hours(datetime.fromisoformat(start)))


@pytest.mark.parametrize(
    "day,counted",
    [
        (date(2018, 6, 5), True),  # a Tuesday
        (date(2018, 6, 9), False),  # Saturday
        (date(2018, 6, 10), False),  # Sunday
        (date(2018, 7, 4), False),  # Independence Day, a Wednesday
        (date(2018, 5, 28), False),  # Memorial Day (Monday)
        (date(2018, 1, 15), False),  # Martin Luther King Jr. Day
        (date(2018, 10, 8), False),  # Columbus Day
        (date(2018, 11, 12), False),  # Veterans Day observed (11 Nov was a Sunday)
        (date(2018, 11, 22), False),  # Thanksgiving
        (date(2018, 11, 23), True),  # the Friday after Thanksgiving is a working day
        (date(2018, 11, 6), True),  # Election Day is not a federal holiday
        (date(2015, 7, 3), False),  # Friday, July 4 (a Saturday) observed
        (date(2015, 7, 6), True),  # the Monday after
        (date(2020, 7, 3), False),  # same in 2020
        (date(2017, 1, 2), False),  # New Year (a Sunday) observed on Monday
        (date(2021, 12, 31), False),  # New Year 2022 (a Saturday) observed the Friday before
        (date(2021, 6, 18), False),  # Juneteenth (a Saturday) observed, first year
        (date(2019, 6, 19), True),  # before Juneteenth became a federal holiday
        (date(2019, 12, 24), True),  # a one-off executive-order closure is not a holiday
    ],
)
def test_counted_days(day, counted):
    assert is_counted_day(day) is counted


def test_federal_holidays_are_per_year_and_cached():
    assert date(2018, 12, 25) in federal_holidays(2018)
    assert all(day.year == 2018 for day in federal_holidays(2018))
    assert federal_holidays(2018) is federal_holidays(2018)


def test_local_days_are_23_and_25_hours_long_on_the_change_days():
    assert local_midnight(date(2018, 3, 12)) - local_midnight(date(2018, 3, 11)) == timedelta(hours=23)
    assert local_midnight(date(2018, 11, 5)) - local_midnight(date(2018, 11, 4)) == timedelta(hours=25)
    assert local_midnight(date(2018, 6, 6)) - local_midnight(date(2018, 6, 5)) == timedelta(hours=24)


@pytest.mark.parametrize(
    "start,expected",
    [
        # Tuesday 10:00 -> Tue 14h + Wed 24h + Thu 10h = Thursday 10:00
        ("2018-06-05T10:00:00-04:00", "2018-06-07T10:00:00-04:00"),
        # Friday 17:00 -> Fri 7h, Mon 24h, Tue 17h (the public example)
        ("2018-06-08T17:00:00-04:00", "2018-06-12T17:00:00-04:00"),
        # Saturday noon: the count starts Monday 00:00 -> Wednesday 00:00
        ("2018-06-09T12:00:00-04:00", "2018-06-13T00:00:00-04:00"),
        # Monday 00:00 exactly -> Wednesday 00:00
        ("2018-06-11T00:00:00-04:00", "2018-06-13T00:00:00-04:00"),
        # Thursday 00:00 -> Thu 24h, Fri 24h: ends at the very start of Saturday
        ("2018-06-07T00:00:00-04:00", "2018-06-09T00:00:00-04:00"),
        # Friday before Memorial Day 09:00 -> Fri 15h, (Sat, Sun, Mon off), Tue 24h, Wed 9h
        ("2018-05-25T09:00:00-04:00", "2018-05-30T09:00:00-04:00"),
        # Saturday of Memorial Day weekend -> count from Tuesday 00:00 to Thursday 00:00
        ("2018-05-26T08:00:00-04:00", "2018-05-31T00:00:00-04:00"),
        # Thursday 2 July 2015 noon -> Thu 12h, (Fri observed July 4, Sat, Sun), Mon 24h,
        # Tue 12h
        ("2015-07-02T12:00:00-04:00", "2015-07-07T12:00:00-04:00"),
        # Wednesday before Thanksgiving 15:00 -> Wed 9h, (Thu), Fri 24h, (Sat, Sun), Mon 15h
        ("2018-11-21T15:00:00-05:00", "2018-11-26T15:00:00-05:00"),
        # Thursday 30 Dec 2021 08:00 -> Thu 16h, (Fri observed New Year, Sat, Sun), Mon 24h,
        # Tue 8h
        ("2021-12-30T08:00:00-05:00", "2022-01-04T08:00:00-05:00"),
        # Across spring forward (Sunday 11 March 2018): Fri 12:00 EST -> Fri 12h, Mon 24h,
        # Tue 12h = Tuesday 12:00 EDT, only 95 real hours later
        ("2018-03-09T12:00:00-05:00", "2018-03-13T12:00:00-04:00"),
        # Across fall back (Sunday 4 November 2018): Fri 12:00 EDT -> Tuesday 12:00 EST
        ("2018-11-02T12:00:00-04:00", "2018-11-06T12:00:00-05:00"),
        # The same instant written in UTC gives the same answer
        ("2018-06-08T21:00:00+00:00", "2018-06-12T17:00:00-04:00"),
    ],
)
def test_2013_working_hours(start, expected):
    assert business(start) == expected


def test_2013_count_spans_a_long_holiday_cluster():
    # Christmas 2021 (Saturday) observed Fri 24 Dec; Thursday 23 Dec 20:00 -> Thu 4h,
    # (Fri, Sat, Sun), Mon 27 24h, Tue 28 20h
    assert business("2021-12-23T20:00:00-05:00") == "2021-12-28T20:00:00-05:00"


@pytest.mark.parametrize(
    "start,expected",
    [
        ("2024-04-24T10:00:00-04:00", "2024-04-26T10:00:00-04:00"),
        ("2018-06-08T17:00:00-04:00", "2018-06-10T17:00:00-04:00"),  # weekends count
        ("2018-03-10T12:00:00-05:00", "2018-03-12T13:00:00-04:00"),  # 48 real hours, spring
        ("2018-11-03T12:00:00-04:00", "2018-11-05T11:00:00-05:00"),  # 48 real hours, fall
        ("2024-04-24T14:00:00Z", "2024-04-26T10:00:00-04:00"),
    ],
)
def test_elapsed_hours(start, expected):
    assert elapsed(start) == expected
    assert datetime.fromisoformat(expected) - datetime.fromisoformat(start) == timedelta(hours=48)
