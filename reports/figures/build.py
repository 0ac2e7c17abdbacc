"""Keep the daily figures current: refresh the days a write touched, rebuild everything.

Each refresh deletes the figures of the agency's days and inserts them again, counted from the
records of those days (``INSERT … SELECT`` of the ``sources`` query), in one transaction,
serialised by an advisory lock on PostgreSQL (two refreshes of one day never interleave).

- ``figures_refresh`` is cases' figures hook (``cases.decisions.hooks``): after a detainer, a
  decision, a review, ICE access or a case's facility is written, the days it touched; ``None``
  (a bulk insert such as the demo's history) rebuilds the agency;
- ``policy_figures_refresh``: the policy-impact hook, once a decision's evaluations are stored;
- ``figures_rebuild``: every figure (``manage.py rebuild_report_figures``, benchmarks);
  ``policy_figures_rebuild``: the policy-impact figures (the end of every recompute).
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..periods import local_midnight
from . import sources

LOCK_KEY = 5419_2001  # pg_advisory_xact_lock: one refresh of the figures at a time


def local_days(moments: Iterable[dt.datetime]) -> list[dt.date]:
    return sorted({timezone.localdate(m) for m in moments})


def _window(field: str, days: Sequence[dt.date]) -> Q:
    """The records whose ``field`` falls on one of ``days`` (local), consecutive days as one range."""
    window, runs = Q(), []
    for day in sorted(days):
        if runs and runs[-1][1] + dt.timedelta(days=1) == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    for first, last in runs:
        window |= Q(
            **{
                f"{field}__gte": local_midnight(first),
                f"{field}__lt": local_midnight(last + dt.timedelta(days=1)),
            }
        )
    return window


def _insert(model, columns: Sequence[str], queryset) -> None:
    sql, params = queryset.query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({names}) {sql}", params)  # noqa: S608 (model names)


def _refresh(tables: dict, agency_id: int | None, days: Sequence[dt.date] | None) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
                # Hash the groups: sorting 40,000 evaluations by seven text columns under the
                # collation took 60 of 90 ms (the planner takes the current-decision anti-join
                # for one row, so it never chooses hashing by itself).
                cursor.execute("SET LOCAL enable_sort = off")
        for model, (columns, query, agency_field, moment_field) in tables.items():
            rows = model.objects.all() if agency_id is None else model.objects.filter(agency_id=agency_id)
            window = Q() if agency_id is None else Q(**{agency_field: agency_id})
            if days is not None:
                rows = rows.filter(day__in=days)
                window &= _window(moment_field, days)
            rows.delete()
            _insert(model, columns, query(window))


def figures_refresh(agency_id: int, moments: Sequence[dt.datetime] | None) -> None:
    """Every figure of ``agency_id`` on the local days of ``moments`` (None: every day)."""
    days = None if moments is None else local_days(moments)
    if days == []:
        return
    _refresh({**sources.DASHBOARD, **sources.POLICY}, agency_id, days)


def policy_figures_refresh(agency_id: int, moments: Sequence[dt.datetime]) -> None:
    _refresh(sources.POLICY, agency_id, local_days(moments))


def figures_rebuild(agency_id: int | None = None) -> None:
    """Every figure of ``agency_id`` (None: of every agency), counted again from the records."""
    _refresh({**sources.DASHBOARD, **sources.POLICY}, agency_id, None)


def policy_figures_rebuild() -> None:
    _refresh(sources.POLICY, None, None)
