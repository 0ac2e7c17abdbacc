"""Keep the figures current: refresh the months a write touched, rebuild everything.

A refresh counts the records of whole months again (``sources``: one GROUP BY per table), turns
them into the table's rows for each day and for each month, replaces the agency's rows of those
months, then sums the year rows of their years from the month rows, in one transaction,
serialised by an advisory lock on PostgreSQL (two refreshes never interleave). Rows are
written with COPY on PostgreSQL (a multi-row INSERT elsewhere).

- ``figures_refresh`` is cases' figures hook (``cases.decisions.hooks``): after a detainer, a
  decision, a review, ICE access or a case's facility is written, the days it touched; ``None``
  (a bulk insert such as the demo's history) rebuilds the agency;
- ``policy_figures_refresh``: the policy-impact hook, once a decision's evaluations are stored;
- ``figures_rebuild``: every figure (``manage.py rebuild_report_figures``, benchmarks);
  ``policy_figures_replace``: the policy-impact figures the recompute counted as it went.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncYear
from django.utils import timezone

from cases.models import Decision

from ..models import EvaluationFigure, Span
from ..periods import local_midnight
from . import sources

LOCK_KEY = 5419_2001  # pg_advisory_xact_lock: one refresh of the figures at a time


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _months(moments: Iterable[dt.datetime]) -> list[dt.date]:
    return sorted({month_of(timezone.localdate(m)) for m in moments})


def _window(field: str, months: Sequence[dt.date]) -> Q:
    """The records whose ``field`` falls in one of ``months`` (local)."""
    window = Q()
    for month in months:
        window |= Q(
            **{f"{field}__gte": local_midnight(month), f"{field}__lt": local_midnight(next_month(month))}
        )
    return window


def _rows(query, store) -> Counter:
    """(agency, day, span, *values) -> count, for each day and each month of the query's rows."""
    counts: Counter = Counter()
    for agency_id, day, *values, n in query:
        for key in store(tuple(values)):
            counts[(agency_id, day, Span.DAY, *key)] += n
            counts[(agency_id, month_of(day), Span.MONTH, *key)] += n
    return counts


def _years(model, columns: Sequence[str], which: Q) -> Counter:
    """The year rows, summed from the month rows (``which``: of these agencies and years)."""
    counts: Counter = Counter()
    rows = (
        model.objects.filter(which, span=Span.MONTH)
        .values_list("agency_id", TruncYear("day"), *columns)
        .annotate(total=Sum("n"))
        .order_by()
    )
    for agency_id, year, *values, n in rows:
        year_day = year.date() if isinstance(year, dt.datetime) else year
        counts[(agency_id, year_day, Span.YEAR, *values)] += n
    return counts


def _write(model, columns: Sequence[str], counts: Counter) -> None:
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in ("agency_id", "day", "span", *columns, "n"))
    rows = [(*key, n) for key, n in counts.items() if n]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 (model names)


def _in(firsts: Sequence[dt.date], *, yearly: bool = False) -> Q:
    """The rows dated in the months (or years) beginning on ``firsts``."""
    q = Q()
    for first in firsts:
        end = first.replace(year=first.year + 1) if yearly else next_month(first)
        q |= Q(day__gte=first, day__lt=end)
    return q


@contextmanager
def _locked():
    """One transaction, holding the figures' lock (PostgreSQL)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
                # Hash the groups: sorting 40,000 evaluations by seven text columns under the
                # collation took 60 of 90 ms (the planner takes the current-decision anti-join
                # for one row, so it never chooses hashing by itself).
                cursor.execute("SET LOCAL enable_sort = off")
        yield


def _refresh(tables: dict, agency_id: int | None, months: Sequence[dt.date] | None) -> None:
    """Count the records of ``months`` (None: all) again: their day and month rows, then the
    year rows of their years, summed from the month rows."""
    with _locked():
        for model, (columns, query, store, agency_field, moment_field) in tables.items():
            mine = Q() if agency_id is None else Q(agency_id=agency_id)
            window = Q() if agency_id is None else Q(**{agency_field: agency_id})
            if months is None:
                model.objects.filter(mine).delete()
                years = mine
            else:
                firsts = sorted({m.replace(month=1) for m in months})
                model.objects.filter(
                    mine,
                    Q(span=Span.DAY) & _in(months)
                    | Q(span=Span.MONTH, day__in=months)
                    | Q(span=Span.YEAR, day__in=firsts),
                ).delete()
                window &= _window(moment_field, months)
                years = mine & _in(firsts, yearly=True)
            _write(model, columns, _rows(query(window), store))
            _write(model, columns, _years(model, columns, years))


def figures_refresh(agency_id: int, moments: Sequence[dt.datetime] | None) -> None:
    """Every figure of ``agency_id`` in the months of ``moments`` (None: every month)."""
    months = None if moments is None else _months(moments)
    if months == []:
        return
    _refresh({**sources.DASHBOARD, **sources.POLICY}, agency_id, months)


def policy_figures_refresh(agency_id: int, moments: Sequence[dt.datetime]) -> None:
    _refresh(sources.POLICY, agency_id, _months(moments))


def figures_rebuild(agency_id: int | None = None) -> None:
    """Every figure of ``agency_id`` (None: of every agency), counted again from the records."""
    _refresh({**sources.DASHBOARD, **sources.POLICY}, agency_id, None)


class PolicyCounts:
    """The policy-impact figures counted in memory from evaluation rows (``COLUMNS`` tuples), as
    the recompute makes them: the same counts as ``sources.evaluations`` and
    ``sources.evaluation_changes`` (the tests hold them equal), without reading 40,000 rows back."""

    def __init__(self):
        self.evaluations: Counter = Counter()
        self.changes: Counter = Counter()

    def add(self, agency_id: int, recorded_at: dt.datetime, rows: Sequence[tuple]) -> None:
        """One current decision's rows, one per rule set."""
        day = timezone.localdate(recorded_at, timezone.get_default_timezone())  # any thread
        force = next((row[3:7] for row in rows if row[2]), None)
        for _decision, rule_set, in_force, *verdicts, offense, engine, catalogue in rows:
            self.evaluations[(agency_id, day, rule_set, engine, catalogue, *verdicts)] += 1
            if not in_force and force is not None and tuple(verdicts) != tuple(force):
                self.changes[(agency_id, day, rule_set, offense, *verdicts, *force)] += 1


def policy_figures_replace(counts: PolicyCounts, *, since: int) -> None:
    """Replace every policy-impact figure with ``counts`` (the recompute's), then count again the
    months of the decisions recorded after ``since`` (a primary key: when the run began) and of
    the decisions they corrected, which a write may have changed while the run went on."""
    with _locked():
        for model, (columns, _query, store, _agency, _moment) in sources.POLICY.items():
            source = counts.evaluations if model is EvaluationFigure else counts.changes
            model._default_manager.all().delete()
            _write(model, columns, _rows(((*key, n) for key, n in source.items()), store))
            _write(model, columns, _years(model, columns, Q()))
    later: dict[int, set] = {}
    for agency_id, *moments in Decision.objects.filter(pk__gt=since).values_list(
        "agency_id", "recorded_at", "supersedes__recorded_at"
    ):
        later.setdefault(agency_id, set()).update(m for m in moments if m is not None)
    for agency_id, moments in later.items():
        policy_figures_refresh(agency_id, sorted(moments))
