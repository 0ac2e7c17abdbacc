"""The sweep's heartbeat: each sweep records when it ran; pages, ``/healthz`` and
``reminders_status`` read it. Later than five minutes (a sweep runs every minute), deadlines
are no longer being watched: no beat, no worker for the ``reminders`` queue, or no database."""

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

from trustportal.notifications.models import Heartbeat

SWEEP = "sweep"
LATE_AFTER = dt.timedelta(minutes=5)


CACHE_KEY = "trustportal:heartbeat:sweep"
CACHE_SECONDS = 30  # the staff banner reads the heartbeat at most this often per process
NEVER = "never"  # cached when no sweep has ever run
_UNREAD = object()


def record_sweep() -> None:
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=SWEEP, defaults={"at": now})
    cache.set(CACHE_KEY, now, CACHE_SECONDS)


def last_sweep_at() -> dt.datetime | None:
    return Heartbeat.objects.filter(name=SWEEP).values_list("at", flat=True).first()


def last_sweep_at_cached() -> dt.datetime | None:
    """The last sweep's time as the staff pages read it: from the cache when it was read in
    the last 30 seconds, so a page does not spend a query of its budget on it every time."""
    found = cache.get(CACHE_KEY, _UNREAD)
    if found is _UNREAD:
        found = last_sweep_at() or NEVER
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return None if found == NEVER else found


def sweep_is_late(last_run: dt.datetime | None) -> bool:
    """Late when it never ran or last ran more than five minutes ago."""
    return last_run is None or timezone.now() - last_run > LATE_AFTER
