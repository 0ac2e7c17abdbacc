"""Sum a period's figures: whole months from the months' rows, the rest from the days' rows (or
a month's rows minus the days outside the period, when those are fewer or still to come). A
year is about twelve months' rows and a few dozen days', whatever the number of records."""

import datetime as dt

from django.db.models import Case, F, Q, Sum, When
from django.utils import timezone

from ..models import Span
from ..periods import Period
from .build import month_of, next_month

DAY = dt.timedelta(days=1)


def _month_rows(first: dt.date, last: dt.date, today: dt.date) -> tuple[Q, Q]:
    """(plus, minus) for the days ``first``..``last`` of one month."""
    month = month_of(first)
    end = next_month(month) - DAY
    inside = (last - first).days + 1
    outside = (end - month).days + 1 - inside
    if outside == 0:
        return Q(span=Span.MONTH, day=month), Q()
    if (first == month and last >= today) or outside < inside:
        minus = Q()
        if first > month:
            minus |= Q(span=Span.DAY, day__gte=month, day__lt=first)
        if last < end:
            minus |= Q(span=Span.DAY, day__gt=last, day__lte=end)
        return Q(span=Span.MONTH, day=month), minus
    return Q(span=Span.DAY, day__gte=first, day__lte=last), Q()


def period_rows(period: Period, today: dt.date | None = None, *, years: bool = True) -> tuple[Q, Q]:
    """(the rows to add, the rows to subtract) for ``period``: a year's row where the period
    holds the whole year, or the year up to today and later (nothing is recorded in the future,
    but what is gets subtracted: the rest of the year's months and days); else each month's.
    ``years=False``: months and days only (for figures counted per month)."""
    today = today or timezone.localdate()
    plus, minus = Q(), Q()
    first = period.first_day
    while first <= period.last_day:
        year, year_end = first.replace(month=1, day=1), first.replace(month=12, day=31)
        last = min(period.last_day, year_end)
        if years and first == year and (last == year_end or last >= today):
            plus |= Q(span=Span.YEAR, day=year)
            if last < year_end:  # what the period leaves out at the end of the year
                month_end = next_month(last) - DAY
                if last < month_end:
                    minus |= Q(span=Span.DAY, day__gt=last, day__lte=month_end)
                minus |= Q(span=Span.MONTH, day__gt=last, day__lte=year_end)
        else:
            day = first
            while day <= last:
                add, sub = _month_rows(day, min(last, next_month(day) - DAY), today)
                plus, minus = plus | add, minus | sub
                day = next_month(day)
        first = year_end + DAY
    return plus, minus


def period_totals(queryset, period: Period, *keys, years: bool = True):
    """The query of ``(*keys, total)`` of the figures in ``queryset`` over ``period`` (totals of
    zero included), for a caller that reads it through SQL of its own (``policy.impact``)."""
    plus, minus = period_rows(period, years=years)
    total = Sum(Case(When(minus, then=-F("n")), default=F("n"))) if minus else Sum("n")
    return queryset.filter(plus | minus).values_list(*keys).annotate(total=total).order_by()


def period_sum(queryset, period: Period, *keys, years: bool = True) -> list[tuple]:
    """``(*keys, total)`` of the figures in ``queryset`` over ``period``; totals of zero left out."""
    return [row for row in period_totals(queryset, period, *keys, years=years) if row[-1]]


def period_total(queryset, period: Period) -> int:
    plus, minus = period_rows(period)
    total = Sum(Case(When(minus, then=-F("n")), default=F("n"))) if minus else Sum("n")
    return queryset.filter(plus | minus).aggregate(total=total)["total"] or 0
