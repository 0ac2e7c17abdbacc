"""View helpers shared by every app."""

import datetime as dt
import functools
from collections.abc import Callable

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

DEFAULT_POLL_SECONDS = 30


def poll_seconds() -> int:
    """How often the board and the bell refresh (settings.TRUSTPORTAL_POLL_SECONDS, default 30)."""
    return int(getattr(settings, "TRUSTPORTAL_POLL_SECONDS", DEFAULT_POLL_SECONDS))


def safe_next(request, default: str) -> str:
    """The ``next`` parameter when it is a path on this site, else ``default``. Always a URL,
    never a view name: the caller redirects to it as it is."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return default


_SENTINEL = 987654321


def link_pattern(name: str) -> tuple[str, str]:
    """The text before and after the primary key in the URL ``name`` (which takes one ``pk``):
    a list reverses once, then makes each row's link as ``f"{before}{pk}{after}"``."""
    from django.urls import reverse

    url = reverse(name, kwargs={"pk": _SENTINEL})
    before, _, after = url.partition(str(_SENTINEL))
    return before, after


APP_DATE_FORMAT = "d M Y"  # trustportal/formats/en: "12 Apr 1988"
APP_DATETIME_FORMAT = "D d M Y H:i T"  # trustportal/formats/en: "Mon 30 Nov 2026 07:15 EST"


@functools.lru_cache(maxsize=8)
def _names(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The weekday (Monday first) and month (January at 1) abbreviations in the active
    language, as dateformat's "D" and "M" show them: looked up once per language, not twice per
    moment (each lookup is a translation)."""
    from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

    weekdays = tuple(str(WEEKDAYS_ABBR[d]) for d in range(7))
    months = ("", *(str(MONTHS_3[m]).title() for m in range(1, 13)))
    return weekdays, months


def local_datetime_texts() -> Callable[[dt.datetime], str]:
    """``local_datetime_text`` for the many moments of one page (a list of 50 rows shows 100):
    the format, the zone and the day and month names looked up once, not for every moment."""
    from django.utils import dateformat, timezone
    from django.utils.formats import get_format
    from django.utils.translation import get_language

    zone = timezone.get_current_timezone()
    fmt = get_format("DATETIME_FORMAT")
    if fmt == APP_DATETIME_FORMAT:
        weekdays, months = _names(get_language())

        # What dateformat makes of it, spelled out: dateformat parses the format and builds a
        # formatter for each moment (about 10× the time).
        def spelled_out(moment: dt.datetime) -> str:
            local = timezone.localtime(moment, zone)
            return (
                f"{weekdays[local.weekday()]} {local.day:02d} {months[local.month]} "
                f"{local.year:04d} {local.hour:02d}:{local.minute:02d} {local.tzname()}"
            )

        return spelled_out

    # Django's "T" is blank for exactly the ambiguous hour of the fall night; the zone's own
    # name (fold-aware) is not.
    def formatted(moment: dt.datetime) -> str:
        local = timezone.localtime(moment, zone)
        return f"{dateformat.format(local, fmt.replace(' T', ''))} {local.tzname()}"

    return formatted


def local_datetime_text(moment) -> str:
    """A moment in the app's one date-and-time format, in America/New_York, with its zone
    ("Sun 01 Nov 2026 01:30 EDT"): reminder texts, e-mails, anything outside a template."""
    return local_datetime_texts()(moment)


def date_texts() -> Callable[[dt.date | None], str]:
    """``date_text`` for the many dates of one page: the format and month names looked up once."""
    from django.utils import dateformat
    from django.utils.formats import get_format
    from django.utils.translation import get_language

    fmt = get_format("DATE_FORMAT")
    if fmt == APP_DATE_FORMAT:  # spelled out, as local_datetime_texts does
        months = _names(get_language())[1]

        def spelled_out(day: dt.date | None) -> str:
            return "" if day is None else f"{day.day:02d} {months[day.month]} {day.year:04d}"

        return spelled_out
    return lambda day: "" if day is None else dateformat.format(day, fmt)


def date_text(day) -> str:
    """A date in the app's one date format ("12 Apr 1988"), as ``|date:"DATE_FORMAT"`` shows it."""
    return date_texts()(day)
