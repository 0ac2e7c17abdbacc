"""How each daily figure is counted from cases' records: one ``GROUP BY`` per table, over the
records in a window of time (``None``: all of them), grouped by agency and local day.

The column order of each query is its table's (``COLUMNS``): ``build`` inserts the query's rows
straight into the table with ``INSERT … SELECT``.
"""

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.models import Decision, Detainer, IceAccess
from cases.rules import ACTIONS

from ..models import (
    DecisionDay,
    DetainerDay,
    EvaluationChangeDay,
    EvaluationDay,
    IceAccessDay,
    PolicyEvaluation,
)

LAG_BANDS = (
    ("under 1 hour", dt.timedelta(0), dt.timedelta(hours=1)),
    ("1 to 4 hours", dt.timedelta(hours=1), dt.timedelta(hours=4)),
    ("4 to 12 hours", dt.timedelta(hours=4), dt.timedelta(hours=12)),
    ("12 to 24 hours", dt.timedelta(hours=12), dt.timedelta(hours=24)),
    ("24 hours or more", dt.timedelta(hours=24), None),
)
WAS = tuple(f"was_{a}" for a in ACTIONS)


def local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def _lag_band():
    """The band of the time from receiving the detainer to this decision, as a CASE expression."""
    lag = ExpressionWrapper(F("recorded_at") - F("detainer__received_at"), output_field=DurationField())
    whens = [
        When(condition=Q(lag__gte=low) if high is None else Q(lag__gte=low, lag__lt=high), then=Value(i))
        for i, (_, low, high) in enumerate(LAG_BANDS)
    ]
    return lag, Case(*whens, default=Value(-1), output_field=IntegerField())


def detainers(window: Q):
    return (
        Detainer.objects.filter(window)
        .values_list("case__agency_id", local_day("received_at"), "case__facility", "status")
        .annotate(n=Count("id"))
        .order_by()
    )


def decisions(window: Q):
    lag, band = _lag_band()
    first = Case(
        When(supersedes__isnull=True, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return (
        Decision.objects.filter(window, superseded_by__isnull=True)
        .annotate(lag=lag, band=band, first=first)
        .values_list(
            "agency_id",
            local_day("recorded_at"),
            "detainer__case__facility",
            "rule_set",
            KT("result__actions__detain__verdict"),
            "actions",
            "result__grounds",
            "is_override",
            "review__outcome",
            "first",
            "band",
        )
        .annotate(n=Count("id"))
        .order_by()
    )


def ice_access(window: Q):
    return (
        IceAccess.objects.filter(window)
        .values_list("agency_id", local_day("at"), "case__facility", "access_type", "basis")
        .annotate(n=Count("id"))
        .order_by()
    )


def _evaluations(window: Q):
    return PolicyEvaluation.objects.filter(window, decision__superseded_by__isnull=True)


def evaluations(window: Q):
    return (
        _evaluations(window)
        .values_list(
            "decision__agency_id",
            local_day("decision__recorded_at"),
            "rule_set",
            "engine_version",
            "catalogue_version",
            *ACTIONS,
        )
        .annotate(n=Count("id"))
        .order_by()
    )


def evaluation_changes(window: Q):
    """Each alternative row joined to the in-force row of the same decision, where a verdict differs."""
    force = FilteredRelation(
        "decision__policy_evaluations", condition=Q(decision__policy_evaluations__in_force=True)
    )
    differs = Q()
    for action in ACTIONS:
        differs |= ~Q(**{action: F(f"force__{action}")})
    return (
        _evaluations(window)
        .filter(in_force=False)
        .annotate(force=force)
        .filter(differs)
        .values_list(
            "decision__agency_id",
            local_day("decision__recorded_at"),
            "rule_set",
            "offense",
            *ACTIONS,
            *[f"force__{a}" for a in ACTIONS],
        )
        .annotate(n=Count("id"))
        .order_by()
    )


# table -> (its columns in the query's order, the query, the record's agency and moment fields)
DASHBOARD = {
    DetainerDay: (
        ("agency_id", "day", "facility", "status", "n"),
        detainers,
        "case__agency_id",
        "received_at",
    ),
    DecisionDay: (
        (
            "agency_id",
            "day",
            "facility",
            "rule_set",
            "verdict",
            "actions",
            "grounds",
            "is_override",
            "review",
            "first",
            "band",
            "n",
        ),
        decisions,
        "agency_id",
        "recorded_at",
    ),  # fmt: skip
    IceAccessDay: (
        ("agency_id", "day", "facility", "access_type", "basis", "n"),
        ice_access,
        "agency_id",
        "at",
    ),
}
POLICY = {
    EvaluationDay: (
        ("agency_id", "day", "rule_set", "engine_version", "catalogue_version", *ACTIONS, "n"),
        evaluations,
        "decision__agency_id",
        "decision__recorded_at",
    ),  # fmt: skip
    EvaluationChangeDay: (
        ("agency_id", "day", "rule_set", "offense", *ACTIONS, *WAS, "n"),
        evaluation_changes,
        "decision__agency_id",
        "decision__recorded_at",
    ),  # fmt: skip
}
