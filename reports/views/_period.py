"""The period filter the report pages share: ``from`` and ``to`` local days, by default the last
twelve months; a bad range falls back to the default with a message."""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date

from reports.periods import Period, date_range


def default_first(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)


def period_from_request(request) -> tuple[Period, str]:
    today = timezone.localdate()
    try:
        first = parse_date(request.GET.get("from") or "") if request.GET.get("from") else default_first(today)
        last = parse_date(request.GET.get("to") or "") if request.GET.get("to") else today
    except ValueError:
        first = last = None
    if first is None or last is None or last < first:
        return date_range(default_first(today), today), (
            "That period is not a range of dates; showing the last twelve months."
        )
    return date_range(first, last), ""
