"""View helpers shared by every app."""

import functools

from django.conf import settings
from django.utils import translation
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


def local_datetime_text(moment) -> str:
    """A moment in the app's one date-and-time format, in America/New_York, with its zone
    ("Sun 01 Nov 2026 01:30 EDT"): reminder texts, e-mails, anything outside a template."""
    from django.utils import dateformat, timezone
    from django.utils.formats import get_format

    local = timezone.localtime(moment)
    fmt = get_format("DATETIME_FORMAT")
    if fmt == APP_DATETIME_FORMAT:
        # What dateformat makes of it, spelled out: a list of 100 rows shows 100 of these, and
        # dateformat parses the format and builds a formatter for each (about 10× the time).
        weekdays, months = _names(translation.get_language())
        return (
            f"{weekdays[local.weekday()]} {local.day:02d} {months[local.month]} "
            f"{local.year:04d} {local.hour:02d}:{local.minute:02d} {local.tzname()}"
        )
    # Django's "T" is blank for exactly the ambiguous hour of the fall night; the zone's own
    # name (fold-aware) is not.
    text = dateformat.format(local, fmt.replace(" T", ""))
    return f"{text} {local.tzname()}"


@functools.lru_cache(maxsize=32)
def _names(language: str | None) -> tuple[tuple[str, ...], dict[int, str]]:
    """The abbreviated weekday and month names in ``language``, as "D" and "M" print them
    (translated once per language, not for every date shown)."""
    from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

    with translation.override(language):
        weekdays = tuple(str(WEEKDAYS_ABBR[day]) for day in range(7))
        months = {month: str(name).title() for month, name in MONTHS_3.items()}
    return weekdays, months


def date_text(day) -> str:
    """A date in the app's one date format ("12 Apr 1988"), as ``|date:"DATE_FORMAT"`` shows it."""
    from django.utils import dateformat
    from django.utils.formats import get_format

    if day is None:
        return ""
    fmt = get_format("DATE_FORMAT")
    if fmt == APP_DATE_FORMAT:  # spelled out, as local_datetime_text does
        return f"{day.day:02d} {_names(translation.get_language())[1][day.month]} {day.year:04d}"
    return dateformat.format(day, fmt)
