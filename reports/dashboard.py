"""The agency dashboard: detainers, decisions, outcomes, overrides, ICE access, time to decide,
and the compliance figure that matters most (holds past their limit and releases past their
release time; the goal is zero). Five queries whatever the volume: the counted tables each sum
the period's daily figures (``reports.figures``: a few thousand rows for a year, kept by the
writes), the compliance figures stay live (a short list of the cases behind each, by index).

Filters: a period of local days (detainers by when they were received, decisions by when they
were recorded, ICE access by when it was given, holds by their limit, releases by their release
time), a facility (the custody case's), and a rule set (the decision tables only).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.models import (
    AccessBasis,
    AccessType,
    CaseStatus,
    CustodyCase,
    DecisionAction,
    Detainer,
    DetainerStatus,
)
from cases.rules import RULE_SETS
from cases.rules.engine import GROUND_WORDS

from .figures.read import period_sum
from .figures.sources import LAG_BANDS
from .models import DecisionFigure, DetainerFigure, IceAccessFigure
from .periods import Period

# Releasing a person takes some paperwork: a release within this of the release time is on time.
RELEASE_GRACE = dt.timedelta(hours=1)
COMPLIANCE_ROWS = 200  # the cases listed behind each compliance figure (the goal is zero)
OUTCOMES = (DetainerStatus.HONORED, DetainerStatus.DECLINED, DetainerStatus.LAPSED, DetainerStatus.CANCELLED)


@dataclass(frozen=True)
class Filters:
    period: Period
    facility: str = ""
    rule_set: str = ""

    def as_query(self) -> dict[str, str]:
        return {
            "from": self.period.first_day.isoformat(),
            "to": self.period.last_day.isoformat(),
            "facility": self.facility,
            "rule_set": self.rule_set,
        }


@dataclass
class Dashboard:
    filters: Filters
    tables: dict[str, dict] = field(default_factory=dict)

    def table(self, name: str) -> dict:
        return self.tables[name]


def _table(title: str, columns: list[str], rows: list[list]) -> dict:
    return {"title": title, "columns": columns, "rows": rows}


# The distinct facilities by skipping along the index (agency, facility): one probe per
# facility (a "loose index scan"), where DISTINCT read every booking of the agency.
FACILITIES_SQL = """
WITH RECURSIVE f(facility) AS (
    SELECT (SELECT facility FROM {table} WHERE agency_id = %(agency)s ORDER BY facility LIMIT 1)
    UNION ALL
    SELECT (SELECT c.facility FROM {table} c WHERE c.agency_id = %(agency)s AND c.facility > f.facility
            ORDER BY c.facility LIMIT 1)
      FROM f WHERE f.facility IS NOT NULL
)
SELECT facility FROM f WHERE facility IS NOT NULL
"""


def facilities(agency) -> list[str]:
    """The agency's facilities, in order: one query, a few index probes (``case_agency_facility_idx``)."""
    sql = FACILITIES_SQL.format(table=CustodyCase._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"agency": agency.pk})
        return [row[0] for row in cursor.fetchall()]


def rule_set_ids() -> list[str]:
    return list(RULE_SETS)


def _mine(agency, path: str = "agency") -> Q:
    """The rows of ``agency``; every agency's when it is None (the statewide view)."""
    return Q() if agency is None else Q(**{path: agency})


def _months(period: Period) -> list[dt.date]:
    months, day = [], period.first_day.replace(day=1)
    while day <= period.last_day:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _figures(model, agency, f: Filters, *, rule_set: bool = False):
    """The figures of ``agency`` (None: every agency), filtered as asked (the period: ``period_sum``)."""
    qs = model.objects.filter(_mine(agency))
    if f.facility:
        qs = qs.filter(facility=f.facility)
    if rule_set and f.rule_set:
        qs = qs.filter(rule_set=f.rule_set)
    return qs


def _detainer_tables(agency, f: Filters) -> dict:
    rows = period_sum(_figures(DetainerFigure, agency, f), f.period, TruncMonth("day"), "status", years=False)
    per_month: Counter = Counter()
    per_status: Counter = Counter()
    for month, status, n in rows:
        month_day = month.date() if isinstance(month, dt.datetime) else month
        per_month[month_day.replace(day=1)] += n
        per_status[status] += n
    months = _months(f.period)
    return {
        "detainers_per_month": _table(
            "Detainers received per month",
            ["month", "detainers"],
            [[m.strftime("%Y-%m"), per_month[m]] for m in months],
        ),
        "detainer_outcomes": _table(
            "Detainer outcomes",
            ["outcome", "detainers"],
            [[s.label, per_status[s.value]] for s in OUTCOMES]
            + [
                [
                    "Still open or decided",
                    per_status[DetainerStatus.OPEN] + per_status[DetainerStatus.DECIDED],
                ]
            ],
        ),
    }


def _decision_tables(agency, f: Filters) -> dict:
    """Every decision table from one sum of the period's decision figures, by dimension."""
    rows = period_sum(_figures(DecisionFigure, agency, f, rule_set=True), f.period, "dimension", "value")
    counts: dict[str, Counter] = {d: Counter() for d in ("verdict", "action", "ground", "override", "band")}
    for dimension, value, n in rows:
        counts[dimension][value] += n
    overrides: Counter = Counter()
    for value, n in counts["override"].items():
        kind, review = value.split("|", 1)
        overrides[
            ("override" if kind == "override" else "following the guidance", review or "not yet reviewed")
        ] += n
    actions, bands = counts["action"], counts["band"]
    action_labels = dict(DecisionAction.choices)
    return {
        "decisions_by_verdict": _table(
            "Decisions by the verdict on holding (current decisions)",
            ["verdict", "decisions"],
            [[v.replace("_", " "), n] for v, n in sorted(counts["verdict"].items())],
        ),
        "decisions_by_action": _table(
            "Decisions by action taken",
            ["action", "decisions"],
            [[action_labels.get(a, a), actions[a]] for a in DecisionAction.values if actions[a]],
        ),
        "decisions_by_basis": _table(
            "Decisions by basis (the exception the law's verdict rests on)",
            ["basis", "decisions"],
            [[GROUND_WORDS.get(g, g) if g else "no exception", n] for g, n in counts["ground"].most_common()],
        ),
        "overrides": _table(
            "Overrides and their review outcome",
            ["decision", "review", "decisions"],
            [[kind, review, n] for (kind, review), n in sorted(overrides.items())],
        ),
        "time_to_decision": _table(
            "Time from receiving a detainer to its decision (first decisions not since corrected)",
            ["time", "decisions"],
            [[label, bands[str(i)]] for i, (label, _, _) in enumerate(LAG_BANDS)],
        ),
    }


def _ice_table(agency, f: Filters) -> dict:
    rows = period_sum(_figures(IceAccessFigure, agency, f), f.period, "access_type", "basis")
    counts = {(t, b): n for t, b, n in rows}
    return {
        "ice_access": _table(
            "ICE access by type and basis",
            ["type", *[b.label for b in AccessBasis]],
            [[t.value, *[counts.get((t.value, b.value), 0) for b in AccessBasis]] for t in AccessType],
        )
    }


def _late(agency, f: Filters, now: dt.datetime):
    """(holds past their limit, releases past their release time): two querysets of (case,
    booking, deadline, closed), each a handful of rows found by index (live, never a summary)."""
    late_holds = Detainer.objects.filter(
        _mine(agency, "case__agency"), hold_until__gte=f.period.start, hold_until__lt=f.period.end
    ).filter(Q(case__closed_at__gt=F("hold_until")) | Q(case__closed_at__isnull=True, hold_until__lt=now))
    cases = CustodyCase.objects.filter(
        _mine(agency), releasable_at__gte=f.period.start, releasable_at__lt=f.period.end
    ).exclude(Exists(Detainer.objects.filter(case=OuterRef("pk"), hold_until__isnull=False)))
    if f.facility:
        late_holds = late_holds.filter(case__facility=f.facility)
        cases = cases.filter(facility=f.facility)
    columns = ("pk", "booking_number", "releasable_at", "closed_at")
    # Two arms, each along its own partial index: released (or transferred) more than the grace
    # after the release time (case_released_late_idx, whose condition this is), and still in
    # custody past it (case_board_deadline_idx; in custody is closed_at IS NULL, a constraint).
    late = ExpressionWrapper(F("closed_at") - F("releasable_at"), output_field=DurationField())
    released_late = cases.annotate(late=late).filter(late__gt=RELEASE_GRACE).order_by().values_list(*columns)
    still_held = (
        cases.filter(status=CaseStatus.IN_CUSTODY, releasable_at__lt=now - RELEASE_GRACE)
        .order_by()
        .values_list(*columns)
    )
    releases = released_late.union(still_held, all=True)
    holds = late_holds.values_list("case_id", "case__booking_number", "hold_until", "case__closed_at")
    return holds, releases


def _compliance_tables(agency, f: Filters, now: dt.datetime) -> dict:
    holds, releases = _late(agency, f, now)
    hold_rows = list(holds.order_by("hold_until")[: COMPLIANCE_ROWS + 1])
    release_rows = list(releases.order_by("releasable_at", "pk")[: COMPLIANCE_ROWS + 1])
    return {
        "holds_past_limit": _compliance("Holds past their limit (goal: zero)", "hold limit", hold_rows, now),
        "releases_past_time": _compliance(
            "Releases past their release time, no lawful hold (goal: zero)", "release time", release_rows, now
        ),
    }


def _compliance(title: str, deadline: str, rows: list[tuple], now: dt.datetime) -> dict:
    table = _table(title, ["case", "booking", deadline, "released or transferred", "late by (hours)"], [])
    for case_id, booking, due, closed in rows[:COMPLIANCE_ROWS]:
        late = (closed or now) - due
        table["rows"].append(
            [case_id, booking, due, closed or "still in custody", round(late.total_seconds() / 3600, 1)]
        )
    table["count"] = len(rows[:COMPLIANCE_ROWS])
    table["more"] = len(rows) > COMPLIANCE_ROWS
    return table


def agency_dashboard(agency, filters: Filters, now: dt.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    board = Dashboard(filters)
    board.tables.update(_compliance_tables(agency, filters, now))
    board.tables.update(_detainer_tables(agency, filters))
    board.tables.update(_decision_tables(agency, filters))
    board.tables.update(_ice_table(agency, filters))
    return board


def state_dashboard(filters: Filters, now: dt.datetime | None = None) -> Dashboard:
    """Every agency's figures together, aggregated only: the compliance figures as counts (no
    case behind them). The caller suppresses small cells. Six queries."""
    now = now or timezone.now()
    board = Dashboard(filters)
    holds, releases = _late(None, filters, now)
    board.tables["compliance"] = _table(
        "Holds past their limit and releases past their release time (goal: zero)",
        ["figure", "count"],
        [["Holds past their limit", holds.count()], ["Releases past their release time", releases.count()]],
    )
    board.tables.update(_detainer_tables(None, filters))
    board.tables.update(_decision_tables(None, filters))
    board.tables.update(_ice_table(None, filters))
    return board


TABLES = (
    "holds_past_limit",
    "releases_past_time",
    "detainers_per_month",
    "detainer_outcomes",
    "decisions_by_verdict",
    "decisions_by_action",
    "decisions_by_basis",
    "overrides",
    "ice_access",
    "time_to_decision",
)
