"""Reporting periods: the half-years of the semiannual OPM report ((e)(3)) and plain date
ranges, cut at local (America/New_York) midnight and returned as aware datetimes."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

PERIOD_RE = re.compile(r"^(\d{4})-H([12])$")
FIRST_YEAR = 2020  # the 2019 amendment (ICE access reporting) took effect on 2019-10-01


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of local days: ``label`` names it ("2026-H1")."""

    label: str
    first_day: dt.date
    last_day: dt.date

    @property
    def start(self) -> dt.datetime:
        return local_midnight(self.first_day)

    @property
    def end(self) -> dt.datetime:
        return local_midnight(self.last_day + dt.timedelta(days=1))


def local_midnight(day: dt.date) -> dt.datetime:
    """The moment local midnight begins ``day`` (America/New_York, so EST or EDT)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def half_year(label: str) -> Period:
    """ "2026-H1" (January–June) or "2026-H2" (July–December); ValueError for anything else."""
    match = PERIOD_RE.match(label or "")
    if not match or not (FIRST_YEAR <= int(match.group(1)) <= 2100):
        raise ValueError(f"{label!r} is not a half-year like 2026-H1 or 2026-H2 (from {FIRST_YEAR}).")
    year, half = int(match.group(1)), int(match.group(2))
    if half == 1:
        return Period(label, dt.date(year, 1, 1), dt.date(year, 6, 30))
    return Period(label, dt.date(year, 7, 1), dt.date(year, 12, 31))


def half_year_of(day: dt.date) -> Period:
    return half_year(f"{day.year}-H{1 if day.month <= 6 else 2}")


def recent_half_years(today: dt.date, count: int = 8) -> list[Period]:
    """The half-year containing ``today`` and the ones before it, newest first."""
    periods: list[Period] = []
    current = half_year_of(today)
    while len(periods) < count and current.first_day.year >= FIRST_YEAR:
        periods.append(current)
        current = half_year_of(current.first_day - dt.timedelta(days=1))
    return periods


def default_half_year(today: dt.date) -> Period:
    """The last complete half-year: the one the agency files next."""
    return half_year_of(half_year_of(today).first_day - dt.timedelta(days=1))


def date_range(first_day: dt.date, last_day: dt.date) -> Period:
    if last_day < first_day:
        raise ValueError("The last day comes before the first day.")
    return Period(f"{first_day:%Y-%m-%d}..{last_day:%Y-%m-%d}", first_day, last_day)
