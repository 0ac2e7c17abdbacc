"""The reminders' clock on every staff page: a banner when the last sweep is older than five
minutes (no beat, no reminders worker or no database: deadlines are not being watched)."""

from functools import cached_property

from trustportal.notifications import heartbeat


class SweepClock:
    """Read lazily: pages that do not show the banner (htmx fragments) make no query."""

    @cached_property
    def last_run(self):
        return heartbeat.last_sweep_at_cached()

    @property
    def late(self) -> bool:
        return heartbeat.sweep_is_late(self.last_run)


def reminders_clock(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"reminders_clock": SweepClock()}
