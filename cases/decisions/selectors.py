"""Reads for the decision screen, the review queue and the sign-off page.

Each is scoped to the user's agency and loads what its page shows in a fixed number of
queries, whatever the number of convictions, charges, documents or decisions.
"""

from dataclasses import dataclass

from django.db.models import Case, F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When

from cases.catalogue.classes import with_catalogue_version
from cases.catalogue.provider import current_catalogue
from cases.decisions.facts import scenario_for_detainer
from cases.models import (
    Candidate2025,
    ChargeStatus,
    Decision,
    DecisionDuty,
    Detainer,
    DetainerDocument,
    IceContact,
    ReviewOutcome,
    RuleSetSignOff,
)
from cases.rules import ACTIONS, NEEDS_REVIEW, Catalogue, evaluate, rule_set_in_force
from trustportal.accounts.access import get_scoped_or_404, scope_to_agency

DECISION_HISTORY = (
    Decision.objects.select_related("recorded_by", "review__reviewer", "superseded_by")
    .prefetch_related(Prefetch("duty_marks", queryset=DecisionDuty.objects.select_related("done_by")))
    .order_by("-recorded_at", "-id")
)


def _count(queryset) -> Subquery:
    """The number of rows of ``queryset``, as a subquery of the outer query."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])


def _with_catalogue_version(queryset):
    """Annotate the catalogue's version (offense rows as in ``cases.catalogue.classes``, and the 2025
    candidates: their count and last change) in the same query."""
    history = Candidate2025.history.model.objects.order_by("-history_id")
    return with_catalogue_version(queryset).annotate(
        candidate_rows=_count(Candidate2025.objects.all()),
        candidate_changed=Subquery(history.values("history_id")[:1]),
    )


def detainer_for_decision(user, pk, *, now, history: bool = True) -> Detainer:
    """The detainer with its case, person, documents, charges, convictions and (``history``)
    decisions, the number of ICE contacts logged, the agency's latest counsel sign-off of the
    rule set in force at ``now`` and the catalogue's version: 5 queries (4 without history).
    Another agency's is a 404."""
    signoffs = RuleSetSignOff.objects.filter(
        agency=OuterRef("case__agency"), rule_set=rule_set_in_force(now)
    ).order_by("-signed_on", "-id")
    queryset = (
        Detainer.objects.select_related("case__person", "case__agency")
        .annotate(
            contact_count=_count(IceContact.objects.filter(detainer=OuterRef("pk"))),
            signoff_counsel=Subquery(signoffs.values("counsel_name")[:1]),
            signoff_on=Subquery(signoffs.values("signed_on")[:1]),
        )
        .prefetch_related(
            Prefetch("documents", queryset=DetainerDocument.objects.order_by("created_at", "id")),
            "case__charges",
            "case__person__convictions",
        )
    )
    if history:
        queryset = queryset.prefetch_related(
            Prefetch("decisions", queryset=DECISION_HISTORY, to_attr="decision_history")
        )
    return get_scoped_or_404(_with_catalogue_version(queryset), user, field="case__agency", pk=pk)


def current_decision(detainer: Detainer) -> Decision | None:
    """The decision in force for a detainer loaded by ``detainer_for_decision``."""
    return next((d for d in detainer.decision_history if not hasattr(d, "superseded_by")), None)


def signoff_of(detainer: Detainer) -> dict | None:
    """The sign-off annotated by ``detainer_for_decision`` (counsel and date), if any."""
    if not detainer.signoff_counsel:
        return None
    return {"counsel_name": detainer.signoff_counsel, "signed_on": detainer.signoff_on}


_catalogue_cache: dict = {"version": None, "catalogue": None}


def catalogue_for(detainer: Detainer) -> Catalogue:
    """The engine's catalogue (offenses and 2025 candidates), rebuilt (2 queries) only when
    the version annotated on ``detainer`` differs from the one last built."""
    version = (
        detainer.catalogue_rows,
        detainer.catalogue_changed,
        detainer.candidate_rows,
        detainer.candidate_changed,
    )
    if _catalogue_cache["catalogue"] is None or _catalogue_cache["version"] != version:
        _catalogue_cache.update(version=version, catalogue=current_catalogue())
    return _catalogue_cache["catalogue"]


@dataclass(frozen=True)
class Evaluation:
    """What the engine makes of a detainer's facts at a moment."""

    scenario: dict
    result: dict
    catalogue: Catalogue
    convictions: list
    pending_charges: list
    documents: list


def evaluate_detainer(detainer: Detainer, *, now) -> Evaluation:
    """Evaluate a detainer loaded by ``detainer_for_decision`` (no query once the catalogue is built)."""
    convictions = list(detainer.case.person.convictions.all())
    charges = list(detainer.case.charges.all())
    scenario = scenario_for_detainer(detainer, decided_at=now, convictions=convictions, charges=charges)
    catalogue = catalogue_for(detainer)
    return Evaluation(
        scenario=scenario,
        result=evaluate(scenario, catalogue),
        catalogue=catalogue,
        convictions=convictions,
        pending_charges=[c for c in charges if c.status == ChargeStatus.PENDING],
        documents=list(detainer.documents.all()),
    )


def latest_signoff(agency_id, rule_set: str, *, before=None) -> RuleSetSignOff | None:
    """The agency's latest counsel sign-off of ``rule_set`` (recorded before ``before``)."""
    signoffs = RuleSetSignOff.objects.filter(agency_id=agency_id, rule_set=rule_set)
    if before is not None:
        signoffs = signoffs.filter(recorded_at__lte=before)
    return signoffs.order_by("-signed_on", "-id").first()


def signoffs_for_user(user):
    return scope_to_agency(RuleSetSignOff.objects.select_related("recorded_by"), user).order_by(
        "-signed_on", "-id"
    )


def _needs_review_q() -> Q:
    q = Q()
    for action in ACTIONS:
        q |= Q(**{f"result__actions__{action}__verdict": NEEDS_REVIEW})
    return q


def review_queue_for_user(user):
    """Decisions of the agency waiting for review (not reviewed, not superseded): overrides
    and decisions with a needs-review verdict first, then the oldest first."""
    flagged = Case(
        When(Q(is_override=True) | _needs_review_q(), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        scope_to_agency(Decision.objects.all(), user)
        .filter(review__isnull=True, superseded_by__isnull=True)
        .select_related("detainer__case__person", "recorded_by")
        .annotate(priority=flagged)
        .order_by("priority", "recorded_at", "id")
    )


def returned_to_user(user):
    """The user's own decisions returned by a supervisor and not yet corrected."""
    return (
        scope_to_agency(Decision.objects.all(), user)
        .filter(recorded_by=user, review__outcome=ReviewOutcome.RETURNED, superseded_by__isnull=True)
        .select_related("detainer__case__person", "review__reviewer")
        .order_by("-review__reviewed_at", "-id")
    )
