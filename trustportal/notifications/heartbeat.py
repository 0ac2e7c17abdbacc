"""The sweep's heartbeat: each sweep records when it ran; pages, ``/healthz`` and
``reminders_status`` read it. Later than five minutes (a sweep runs every minute), deadlines
are no longer being watched: no beat, no worker for the ``reminders`` queue, or no database."""

import datetime as dt

from django.utils import timezone

from trustportal.notifications.models import Heartbeat

SWEEP = "sweep"
LATE_AFTER = dt.timedelta(minutes=5)


def record_sweep() -> None:
    Heartbeat.objects.update_or_create(name=SWEEP, defaults={"at": timezone.now()})


def last_sweep_at() -> dt.datetime | None:
    return Heartbeat.objects.filter(name=SWEEP).values_list("at", flat=True).first()


def sweep_is_late(last_run: dt.datetime | None) -> bool:
    """Late when it never ran or last ran more than five minutes ago."""
    return last_run is None or timezone.now() - last_run > LATE_AFTER
