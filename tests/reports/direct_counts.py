"""The dashboard's and policy impact's figures counted directly over every record, as the pages
counted them before the daily figures (``reports.figures``): the reference the figures must equal."""

import datetime as dt
from collections import Counter

from django.db.models import (
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
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.models import (
    AccessBasis,
    AccessType,
    Decision,
    DecisionAction,
    Detainer,
    DetainerStatus,
    IceAccess,
)
from cases.rules import ACTIONS
from cases.rules.engine import GROUND_WORDS
from reports.dashboard import OUTCOMES, Filters, _mine, _months, _table
from reports.figures.sources import LAG_BANDS
from reports.models import PolicyEvaluation
from reports.periods import Period
from reports.policy.evaluations import RULE_SET_IDS
from reports.policy.impact import Impact

DASHBOARD_COUNTED = (
    "detainers_per_month",
    "detainer_outcomes",
    "decisions_by_verdict",
    "decisions_by_action",
    "decisions_by_basis",
    "overrides",
    "ice_access",
    "time_to_decision",
)


def dashboard_tables(agency, f: Filters) -> dict:
    """The counted tables of the dashboard (agency None: every agency)."""
    return {**_detainer_tables(agency, f), **_decision_tables(agency, f), **_ice_table(agency, f)}


def _detainer_tables(agency, f: Filters) -> dict:
    qs = Detainer.objects.filter(
        _mine(agency, "case__agency"), received_at__gte=f.period.start, received_at__lt=f.period.end
    )
    if f.facility:
        qs = qs.filter(case__facility=f.facility)
    rows = (
        qs.annotate(month=TruncMonth("received_at", tzinfo=timezone.get_default_timezone()))
        .values_list("month", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
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


def _decisions(agency, f: Filters):
    qs = Decision.objects.filter(
        _mine(agency),
        recorded_at__gte=f.period.start,
        recorded_at__lt=f.period.end,
        superseded_by__isnull=True,
    )
    if f.facility:
        qs = qs.filter(detainer__case__facility=f.facility)
    if f.rule_set:
        qs = qs.filter(rule_set=f.rule_set)
    return qs


def _lag_band():
    """The band of the time from receiving the detainer to this decision, as a CASE expression."""
    lag = ExpressionWrapper(F("recorded_at") - F("detainer__received_at"), output_field=DurationField())
    whens = [
        When(condition=Q(lag__gte=low) if high is None else Q(lag__gte=low, lag__lt=high), then=Value(i))
        for i, (_, low, high) in enumerate(LAG_BANDS)
    ]
    return lag, Case(*whens, default=Value(-1), output_field=IntegerField())


def _decision_tables(agency, f: Filters) -> dict:
    """Every decision table from one GROUP BY over the current decisions."""
    lag, band = _lag_band()
    rows = (
        _decisions(agency, f)
        .annotate(
            lag=lag, band=band, first=Case(When(supersedes__isnull=True, then=Value(1)), default=Value(0))
        )
        .values_list(
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
    verdicts: Counter = Counter()
    actions: Counter = Counter()
    grounds: Counter = Counter()
    overrides: Counter = Counter()
    bands: Counter = Counter()
    for verdict, taken, basis, is_override, review, first, lag_band, n in rows:
        verdicts[verdict or "—"] += n
        for action in taken or []:
            actions[action] += n
        for ground in basis or [None]:
            grounds[ground] += n
        overrides[
            ("override" if is_override else "following the guidance", review or "not yet reviewed")
        ] += n
        if first:
            bands[lag_band] += n
    action_labels = dict(DecisionAction.choices)
    return {
        "decisions_by_verdict": _table(
            "Decisions by the verdict on holding (current decisions)",
            ["verdict", "decisions"],
            [[v.replace("_", " "), n] for v, n in sorted(verdicts.items())],
        ),
        "decisions_by_action": _table(
            "Decisions by action taken",
            ["action", "decisions"],
            [[action_labels.get(a, a), actions[a]] for a in DecisionAction.values if actions[a]],
        ),
        "decisions_by_basis": _table(
            "Decisions by basis (the exception the law's verdict rests on)",
            ["basis", "decisions"],
            [[GROUND_WORDS.get(g, g) if g else "no exception", n] for g, n in grounds.most_common()],
        ),
        "overrides": _table(
            "Overrides and their review outcome",
            ["decision", "review", "decisions"],
            [[kind, review, n] for (kind, review), n in sorted(overrides.items())],
        ),
        "time_to_decision": _table(
            "Time from receiving a detainer to its decision (first decisions not since corrected)",
            ["time", "decisions"],
            [[label, bands[i]] for i, (label, _, _) in enumerate(LAG_BANDS)],
        ),
    }


def _ice_table(agency, f: Filters) -> dict:
    qs = IceAccess.objects.filter(_mine(agency), at__gte=f.period.start, at__lt=f.period.end)
    if f.facility:
        qs = qs.filter(case__facility=f.facility)
    counts = {
        (t, b): n for t, b, n in qs.values_list("access_type", "basis").annotate(n=Count("id")).order_by()
    }
    return {
        "ice_access": _table(
            "ICE access by type and basis",
            ["type", *[b.label for b in AccessBasis]],
            [[t.value, *[counts.get((t.value, b.value), 0) for b in AccessBasis]] for t in AccessType],
        )
    }


def _scope(agency, period: Period):
    qs = PolicyEvaluation.objects.filter(
        decision__recorded_at__gte=period.start,
        decision__recorded_at__lt=period.end,
        decision__superseded_by__isnull=True,
    )
    return qs if agency is None else qs.filter(decision__agency=agency)


def policy_impact_direct(agency, period: Period) -> Impact:
    """The figures for ``agency`` (None: every agency) and ``period``: two queries."""
    impact = Impact(period)
    scope = _scope(agency, period)
    rows = (
        scope.values_list("rule_set", "engine_version", "catalogue_version", *ACTIONS)
        .annotate(n=Count("id"))
        .order_by()
    )
    versions: Counter = Counter()
    for rule_set, engine, catalogue, *verdicts, n in rows:
        impact.evaluated[rule_set] = impact.evaluated.get(rule_set, 0) + n
        if rule_set == RULE_SET_IDS[0]:  # each decision has one row per rule set: count one
            versions[(engine, catalogue)] += n
        for action, verdict in zip(ACTIONS, verdicts, strict=True):
            key = (rule_set, action, verdict)
            impact.counts[key] = impact.counts.get(key, 0) + n
    impact.versions = [(engine, catalogue, n) for (engine, catalogue), n in versions.most_common()]
    force = FilteredRelation(
        "decision__policy_evaluations", condition=Q(decision__policy_evaluations__in_force=True)
    )
    differs = Q()
    for action in ACTIONS:
        differs |= ~Q(**{action: F(f"force__{action}")})
    alternatives = (
        scope.filter(in_force=False)
        .annotate(force=force)
        .filter(differs)
        .values_list("rule_set", "offense", *ACTIONS, *[f"force__{a}" for a in ACTIONS])
        .annotate(n=Count("id"))
        .order_by()
    )
    for rule_set, offense, *verdicts, n in alternatives:
        would, was = verdicts[: len(ACTIONS)], verdicts[len(ACTIONS) :]
        impact.differing[(rule_set, offense)] += n
        for action, before, after in zip(ACTIONS, was, would, strict=True):
            if before != after:
                impact.changes[(rule_set, offense, action, before, after)] += n
    return impact
