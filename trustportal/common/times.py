"""Local wall-clock times (America/New_York) read from people: the one place that refuses a
time the clocks skip (spring forward) or show twice (fall back). The booking forms and the
CSV import both read local times through here."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone


def local_time_problem(naive: dt.datetime) -> str | None:
    """Why a local wall-clock time cannot stand for one moment, or None when it can.

    The text completes a sentence naming the time: "2026-03-08 02:30 <problem>"."""
    zone = timezone.get_current_timezone()
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:  # the clocks skip this time
        before, after = first.tzname(), second.tzname()
        return (
            f"does not exist in New York: that night the clocks go forward an hour "
            f"(from 02:00 {before} straight to 03:00 {after})"
        )
    return (
        f"occurs twice in New York: that night the clocks go back an hour "
        f"(01:00 to 02:00 {first.tzname()}, then again {second.tzname()}), so it is not clear which is meant"
    )


def aware_local(naive: dt.datetime) -> dt.datetime:
    """A local wall-clock time as an aware moment; a skipped or doubled time is refused with
    a plain ValidationError naming it."""
    problem = local_time_problem(naive)
    if problem is not None:
        raise ValidationError(f"{naive:%Y-%m-%d %H:%M} {problem}.", code="ambiguous_timezone")
    return timezone.make_aware(naive)
