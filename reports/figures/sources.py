"""How each figure is counted from cases' records: one ``GROUP BY`` per table over the records
in a window of time, by agency, local day and every value the pages count (the same counting
the pages did over every record), and how each such row is stored: as it is, or along each
dimension (a decision counts once for its verdict, once for each action, …), so that a month's
rows stay few however varied the facts.
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
    DecisionFigure,
    DetainerFigure,
    EvaluationChangeFigure,
    EvaluationFigure,
    IceAccessFigure,
    PolicyEvaluation,
)

LAG_BANDS = (
    ("under 1 hour", dt.timedelta(0), dt.timedelta(hours=1)),
    ("1 to 4 hours", dt.timedelta(hours=1), dt.timedelta(hours=4)),
    ("4 to 12 hours", dt.timedelta(hours=4), dt.timedelta(hours=12)),
    ("12 to 24 hours", dt.timedelta(hours=12), dt.timedelta(hours=24)),
    ("24 hours or more", dt.timedelta(hours=24), None),
)


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


# --- what is stored: each source row (agency, day, *values, n) as the table's rows -------------


def _same(values: tuple) -> list[tuple]:
    return [values]


def _decision_rows(values: tuple) -> list[tuple]:
    """A joint row of ``decisions`` along each dimension: (facility, rule set, dimension, value)."""
    facility, rule_set, verdict, actions, grounds, is_override, review, first, band = values
    keys = [("verdict", verdict or "—")]
    keys += [("action", a) for a in actions or []]
    keys += [("ground", g or "") for g in grounds or [None]]
    keys.append(("override", f"{'override' if is_override else 'guidance'}|{review or ''}"))
    if first:
        keys.append(("band", str(band)))
    return [(facility, rule_set, dimension, value) for dimension, value in keys]


def _change_rows(values: tuple) -> list[tuple]:
    """A joint row of ``evaluation_changes``: the decisions differing, then each changed verdict."""
    rule_set, offense, *verdicts = values
    would, was = verdicts[: len(ACTIONS)], verdicts[len(ACTIONS) :]
    rows = [(rule_set, offense, "")]
    for action, before, after in zip(ACTIONS, was, would, strict=True):
        if before != after:
            rows.append((rule_set, offense, f"{action}:{before}:{after}"))
    return rows


# table -> (its value columns, the query, how a query row is stored, the record's agency and
# moment fields)
DASHBOARD = {
    DetainerFigure: (("facility", "status"), detainers, _same, "case__agency_id", "received_at"),
    DecisionFigure: (
        ("facility", "rule_set", "dimension", "value"),
        decisions,
        _decision_rows,
        "agency_id",
        "recorded_at",
    ),
    IceAccessFigure: (("facility", "access_type", "basis"), ice_access, _same, "agency_id", "at"),
}
POLICY = {
    EvaluationFigure: (
        ("rule_set", "engine_version", "catalogue_version", *ACTIONS),
        evaluations,
        _same,
        "decision__agency_id",
        "decision__recorded_at",
    ),  # fmt: skip
    EvaluationChangeFigure: (
        ("rule_set", "offense", "change"),
        evaluation_changes,
        _change_rows,
        "decision__agency_id",
        "decision__recorded_at",
    ),  # fmt: skip
}
