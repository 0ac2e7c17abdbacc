"""The 48-hour hold limit (LAW.md §2).

The clock starts when the person would otherwise have been released (``releasable_at``).

* ``elapsed``: 48 consecutive clock hours. Arithmetic is done on UTC instants, so a
  daylight-saving change inside the window still gives 48 real hours (ct-2019, ct-2025,
  none).
* ``business``: 48 hours counted only on America/New_York calendar days that are not a
  Saturday, a Sunday or a US federal holiday (ct-2013, after C.G.S. § 54-192h as enacted in
  2013 and 8 C.F.R. § 287.7(d)). Hours are real elapsed time: a local day is 23 hours long
  when clocks go forward and 25 hours when they go back, and each counts as it is.

Federal holidays are those of the ``holidays`` package for the US without a state, with
their observed dates (July 4 on a Saturday is observed on Friday July 3, which is then not
counted; the Saturday itself is a weekend day anyway). One-off closures by executive order
(e.g. 24 December 2019) are not federal holidays in law and are counted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LOCAL_TZ = ZoneInfo("America/New_York")
HOLD_HOURS = 48
_HOLD = timedelta(hours=HOLD_HOURS)


@lru_cache(maxsize=256)
def federal_holidays(year: int) -> frozenset[date]:
    """US federal holidays of ``year``, actual and observed dates (cached per year)."""
    calendar = holidays.country_holidays("US", years=year, categories=("public",))
    return frozenset(day for day in calendar if day.year == year)


@lru_cache(maxsize=8192)
def is_counted_day(day: date) -> bool:
    """True when hours of this local calendar day count towards the 2013 limit."""
    return day.weekday() < 5 and day not in federal_holidays(day.year)


@lru_cache(maxsize=8192)
def local_midnight(day: date) -> datetime:
    """The UTC instant at which local calendar day ``day`` begins in New York."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def add_elapsed_hours(start: datetime, hours: int = HOLD_HOURS) -> datetime:
    """``start`` plus real elapsed hours, as a UTC instant."""
    return start.astimezone(UTC) + timedelta(hours=hours)


def add_business_hours(start: datetime, hours: int = HOLD_HOURS) -> datetime:
    """The instant by which ``hours`` counted hours have passed since ``start``.

    Walks local calendar days from ``start``; on each counted day takes the real time
    left in that day (until the next local midnight) and stops once the total is reached.
    If ``start`` falls on a weekend or holiday the count begins at the next counted day.
    """
    remaining = timedelta(hours=hours)
    moment = start.astimezone(UTC)
    day = moment.astimezone(LOCAL_TZ).date()
    while True:
        day_end = local_midnight(day + timedelta(days=1))
        if is_counted_day(day):
            available = day_end - moment
            if remaining <= available:
                return moment + remaining
            remaining -= available
        moment = day_end
        day += timedelta(days=1)


def hold_until(start: datetime, method: str) -> datetime:
    """The end of the hold, as a UTC instant, by ``method`` ``business`` or ``elapsed``."""
    if method == "business":
        return add_business_hours(start)
    return add_elapsed_hours(start)


def to_local_iso(moment: datetime) -> str:
    """An instant as ISO 8601 in New York local time with its offset."""
    return moment.astimezone(LOCAL_TZ).isoformat()
