"""Reads for the decision screen, the review queue and the sign-off page.

Each is scoped to the user's agency and loads what its page shows in a fixed number of
queries, whatever the number of convictions, charges, documents or decisions.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol, cast

from django.db.models import F, Func, OuterRef, Prefetch, Subquery
from django.db.models.fields.json import KeyTransform

from cases.catalogue.provider import catalogue_of, with_catalogue_version
from cases.decisions.facts import ENGINE_DOCUMENT_KINDS, scenario_for_detainer
from cases.models import (
    ChargeStatus,
    Decision,
    DecisionDuty,
    DecisionPolicy,
    Detainer,
    DetainerDocument,
    IceAccess,
    ReviewOutcome,
    ReviewWaiting,
    RuleSetSignOff,
)
from cases.rules import Catalogue, evaluate, rule_set_in_force
from trustportal.accounts.access import get_scoped_or_404, scope_to_agency

DECISION_HISTORY = (
    Decision.objects.select_related("recorded_by", "review__reviewer", "superseded_by")
    .prefetch_related(Prefetch("duty_marks", queryset=DecisionDuty.objects.select_related("done_by")))
    .order_by("-recorded_at", "-id")
)


def _count(queryset) -> Subquery:
    """The number of rows of ``queryset``, as a subquery of the outer query."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])


def detainer_for_decision(user, pk, *, now, history: bool = True) -> Detainer:
    """The detainer with its case, person, documents, charges, convictions and (``history``)
    decisions, the number of ICE access records, the agency's latest counsel sign-off of the
    rule set in force at ``now`` and the catalogue's version: 5 queries (4 without history).
    Another agency's is a 404."""
    signoffs = RuleSetSignOff.objects.filter(
        agency=OuterRef("case__agency"), rule_set=rule_set_in_force(now)
    ).order_by("-signed_on", "-id")
    queryset = (
        Detainer.objects.select_related("case__person", "case__agency")
        .annotate(
            contact_count=_count(IceAccess.objects.filter(detainer=OuterRef("pk"))),
            signoff_counsel=Subquery(signoffs.values("counsel_name")[:1]),
            signoff_on=Subquery(signoffs.values("signed_on")[:1]),
            policy_consent=Subquery(
                DecisionPolicy.objects.filter(agency=OuterRef("case__agency")).values(
                    "interview_requires_consent"
                )[:1]
            ),
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
    return get_scoped_or_404(with_catalogue_version(queryset), user, field="case__agency", pk=pk)


class _Loaded(Protocol):
    """What ``detainer_for_decision`` annotates and prefetches on a detainer (unseen by mypy)."""

    decision_history: list[Decision]
    signoff_counsel: str | None
    signoff_on: dt.date | None
    catalogue_rows: object
    policy_consent: bool | None
    catalogue_changed: object
    candidate_rows: object
    candidate_changed: object


DECISION_NUMBER = re.compile(r"^\s*(?:decision\s*)?(?:no\.?\s*)?#?\s*(\d{1,9})\s*$", re.IGNORECASE)


def decision_matching(user, text: str) -> Decision | None:
    """The agency's decision whose number the text is ("412", "#412", "decision 412"): at most
    one query (none when the text is not a number)."""
    found = DECISION_NUMBER.match(text or "")
    if found is None:
        return None
    return (
        scope_to_agency(Decision.objects.all(), user)
        .select_related("detainer__case__person")
        .filter(pk=int(found.group(1)))
        .first()
    )


def current_decision(detainer: Detainer) -> Decision | None:
    """The decision in force for a detainer loaded by ``detainer_for_decision``."""
    loaded = cast(_Loaded, detainer)
    return next((d for d in loaded.decision_history if not hasattr(d, "superseded_by")), None)


def signoff_of(detainer: Detainer) -> dict | None:
    """The sign-off annotated by ``detainer_for_decision`` (counsel and date), if any."""
    loaded = cast(_Loaded, detainer)
    if not loaded.signoff_counsel:
        return None
    return {"counsel_name": loaded.signoff_counsel, "signed_on": loaded.signoff_on}


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
    consent = cast(_Loaded, detainer).policy_consent
    policy = {"interview_requires_consent": consent is not False}  # default: required
    scenario = scenario_for_detainer(
        detainer, decided_at=now, convictions=convictions, charges=charges, policy=policy
    )
    catalogue = catalogue_of(detainer)
    return Evaluation(
        scenario=scenario,
        result=evaluate(scenario, catalogue),
        catalogue=catalogue,
        convictions=convictions,
        pending_charges=[c for c in charges if c.status == ChargeStatus.PENDING],
        documents=[d for d in detainer.documents.all() if d.kind in ENGINE_DOCUMENT_KINDS],
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


def review_queue_for_user(user):
    """The agency's decisions waiting for review (not reviewed, not superseded), as
    ``ReviewWaiting`` rows: overrides and decisions with a needs-review verdict first, then
    the oldest first. Reads only what is waiting, along ``review_waiting_queue_idx``, whatever
    the number of decisions ever recorded; no join, so the paginator's count reads the index
    alone. ``review_queue_rows`` loads what a page of them shows."""
    return scope_to_agency(ReviewWaiting.objects.all(), user).order_by(
        "priority", "recorded_at", "decision_id"
    )


def review_queue_rows(waiting) -> list[dict]:
    """What the queue shows of a page (a slice) of ``review_queue_for_user``, in one query of
    plain values: the decision, its person and booking, the officer, and only the verdicts of
    the result (its facts and trace stay in the database)."""
    decision = "decision__"
    person = "decision__detainer__case__person__"
    return list(
        waiting.values(
            "recorded_at",
            pk=F("decision_id"),
            supersedes_id=F(decision + "supersedes_id"),
            is_override=F(decision + "is_override"),
            override_reason=F(decision + "override_reason"),
            rationale=F(decision + "rationale"),
            actions=F(decision + "actions"),
            recorded_by_id=F(decision + "recorded_by_id"),
            officer_first_name=F(decision + "recorded_by__first_name"),
            officer_last_name=F(decision + "recorded_by__last_name"),
            officer_username=F(decision + "recorded_by__username"),
            booking_number=F(decision + "detainer__case__booking_number"),
            first_name=F(person + "first_name"),
            middle_name=F(person + "middle_name"),
            last_name=F(person + "last_name"),
            verdicts=KeyTransform("actions", decision + "result"),
        )
    )


def returned_to_user(user):
    """The user's own decisions returned by a supervisor and not yet corrected."""
    return (
        scope_to_agency(Decision.objects.all(), user)
        .filter(recorded_by=user, review__outcome=ReviewOutcome.RETURNED, superseded_by__isnull=True)
        .select_related("detainer__case__person", "review__reviewer")
        .order_by("-review__reviewed_at", "-id")
    )
