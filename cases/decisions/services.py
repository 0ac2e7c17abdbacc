"""Writes for the decision screen: record a decision, review it, record counsel sign-off.

Each function is atomic and writes its audit event in the same transaction. Refusals raise
``ValidationError`` with a plain message and change nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.decisions.facts import catalogue_from_db, scenario_for_detainer
from cases.models import (
    ENGINE_ACTION,
    CaseStatus,
    Decision,
    DecisionAction,
    DecisionReview,
    Detainer,
    DetainerStatus,
    ReviewOutcome,
    RuleSetSignOff,
)
from cases.reminders import reminders_for_decision, reminders_for_review
from cases.rules import NEEDS_REVIEW, PERMITTED, clock, evaluate
from cases.rules.rulesets import RULE_SETS
from training.selectors import decision_training_refusal
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record


def departures(result: dict, actions: list[str]) -> list[str]:
    """Why the chosen actions depart from the guidance (empty when they follow it).

    An action the engine prohibits departs; so does any action taken while a relevant
    verdict needs review (the officer settled what the engine could not). Declining
    departs only where a verdict it touches needs review.
    """
    verdicts = {name: a["verdict"] for name, a in result["actions"].items()}
    reasons = []
    for action in actions:
        if action == DecisionAction.DECLINE:
            touched = ("detain", "notify_release", "transfer")
        else:
            touched = (ENGINE_ACTION[DecisionAction(action)],)
        for engine_action in touched:
            verdict = verdicts[engine_action]
            label = DecisionAction(action).label
            if action != DecisionAction.DECLINE and verdict not in (PERMITTED, NEEDS_REVIEW):
                reasons.append(f"{label}: the guidance says this is prohibited.")
            elif verdict == NEEDS_REVIEW:
                reasons.append(f"{label}: the guidance says {engine_action.replace('_', ' ')} needs review.")
    return list(dict.fromkeys(reasons))


def _check_actions(actions: list[str]):
    if not actions:
        raise ValidationError({"actions": "Choose at least one action."})
    unknown = [a for a in actions if a not in DecisionAction.values]
    if unknown:
        raise ValidationError({"actions": "Choose actions from the list."})
    if DecisionAction.DECLINE in actions and len(actions) > 1:
        raise ValidationError(
            {
                "actions": "Declining the detainer cannot be combined with holding, "
                "notifying, transferring or an interview."
            }
        )


@transaction.atomic
def decision_record(
    *,
    detainer: Detainer,
    actions: list[str],
    rationale: str,
    acting_user,
    override_reason: str = "",
    person_informed: bool = False,
    copy_given: bool = False,
    supersedes: Decision | None = None,
) -> Decision:
    """Evaluate the detainer's facts now and record what the officer did, immutably."""
    if not user_can(acting_user, Cap.RECORD_DECISIONS):
        raise ValidationError("Your role does not allow recording decisions.")
    training_refusal = decision_training_refusal(acting_user)
    if training_refusal:
        raise ValidationError(training_refusal)
    detainer = Detainer.objects.select_for_update().select_related("case__person").get(pk=detainer.pk)
    if detainer.case.status != CaseStatus.IN_CUSTODY:
        raise ValidationError("This person is no longer in custody; the decision can no longer be recorded.")
    # A correction may follow a decision that declined the detainer (status declined).
    recordable = (DetainerStatus.OPEN, DetainerStatus.DECIDED) + (
        (DetainerStatus.DECLINED,) if supersedes else ()
    )
    if detainer.status not in recordable:
        raise ValidationError(
            f"This detainer is {detainer.get_status_display().lower()}; no decision can be recorded on it."
        )
    _check_actions(actions)
    if not rationale.strip():
        raise ValidationError({"rationale": "Explain the decision in a sentence or two."})
    if not person_informed:
        raise ValidationError(
            {
                "person_informed": "Tell the person that ICE asked for their detention, "
                "then tick this box (C.G.S. § 54-192h)."
            }
        )
    current = detainer.decisions.filter(superseded_by__isnull=True).first()
    if current is not None and (supersedes is None or supersedes.pk != current.pk):
        raise ValidationError(
            "A decision is already recorded for this detainer; record a correction instead."
        )
    now = timezone.now()
    facts = scenario_for_detainer(detainer, decided_at=now)
    result = evaluate(facts, catalogue_from_db())
    why = departures(result, actions)
    if why and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": "This departs from the guidance ("
                + " ".join(why)
                + ") Give the reason; a supervisor will review it."
            }
        )
    hold_until = None
    if DecisionAction.HOLD in actions:
        if detainer.case.releasable_at is None:
            raise ValidationError(
                {
                    "actions": "Enter when the person would otherwise be released before "
                    "recording a hold: the 48-hour limit counts from then."
                }
            )
        # The limit applies to every hold, overrides included.
        hold_until = clock.hold_until(detainer.case.releasable_at, RULE_SETS[result["rule_set"]].hold_clock)
    decision = Decision.objects.create(
        agency=detainer.case.agency,
        detainer=detainer,
        supersedes=supersedes,
        rule_set=result["rule_set"],
        engine_version=result["engine_version"],
        facts=facts,
        result=result,
        actions=list(actions),
        hold_until=hold_until,
        rationale=rationale.strip(),
        is_override=bool(why),
        override_reason=override_reason.strip() if why else "",
        person_informed=person_informed,
        copy_given=copy_given,
        recorded_by=acting_user,
        recorded_at=now,
    )
    _set_detainer_status(detainer, actions)
    audit_record(
        action="decision.correct" if supersedes else "decision.record",
        acting_user=acting_user,
        obj=decision,
        agency=decision.agency,
        details={
            "detainer": detainer.pk,
            "actions": list(actions),
            "override": bool(why),
            "rule_set": result["rule_set"],
            "supersedes": supersedes.pk if supersedes else None,
        },
    )
    reminders_for_decision(decision=decision)
    return decision


def _set_detainer_status(detainer, actions):
    status = DetainerStatus.DECLINED if DecisionAction.DECLINE in actions else DetainerStatus.DECIDED
    if detainer.status != status:
        detainer.status = status
        detainer.save(update_fields=["status"])


def decision_review(*, decision: Decision, outcome: str, comments: str, acting_user) -> DecisionReview:
    """Approve or return a decision. Nobody reviews their own decision.

    The refusal of a self-review is audited outside the review's transaction, so that the
    "denied" audit row is kept when the refusal is raised.
    """
    if not user_can(acting_user, Cap.REVIEW_DECISIONS):
        raise ValidationError("Only a supervisor can review decisions.")
    if decision.recorded_by_id == acting_user.pk:  # recorded_by never changes: decisions are immutable
        audit_record(
            action="decision.review",
            acting_user=acting_user,
            obj=decision,
            agency=decision.agency,
            outcome="denied",
            details={"why": "own decision"},
        )
        raise ValidationError("You recorded this decision, so another supervisor must review it.")
    return _review_create(decision=decision, outcome=outcome, comments=comments, acting_user=acting_user)


@transaction.atomic
def _review_create(*, decision: Decision, outcome: str, comments: str, acting_user) -> DecisionReview:
    # Lock the detainer, not the decision: the application's database role may not lock
    # decision rows (FOR UPDATE needs UPDATE privilege). decision_record locks the same
    # detainer, so a review and a correction of one decision never interleave.
    Detainer.objects.select_for_update().only("pk").get(pk=decision.detainer_id)
    decision = Decision.objects.get(pk=decision.pk)
    if DecisionReview.objects.filter(decision=decision).exists():
        raise ValidationError("This decision has already been reviewed.")
    if Decision.objects.filter(supersedes=decision).exists():
        raise ValidationError("This decision has been superseded by a correction; review the correction.")
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": "Choose approve or return."})
    if outcome == ReviewOutcome.RETURNED and not comments.strip():
        raise ValidationError({"comments": "Say what the officer should correct."})
    review = DecisionReview.objects.create(
        decision=decision,
        reviewer=acting_user,
        outcome=outcome,
        comments=comments.strip(),
        reviewed_at=timezone.now(),
    )
    audit_record(
        action=f"decision.{outcome}",
        acting_user=acting_user,
        obj=decision,
        agency=decision.agency,
        details={"comments": comments.strip()},
    )
    reminders_for_review(decision=decision)
    return review


@transaction.atomic
def signoff_record(*, agency, rule_set: str, counsel_name: str, signed_on, notes: str, acting_user):
    if not user_can(acting_user, Cap.EDIT_CATALOGUE):
        raise ValidationError("Only an agency administrator records counsel sign-off.")
    if rule_set not in RULE_SETS:
        raise ValidationError({"rule_set": "Choose a rule set."})
    if not counsel_name.strip():
        raise ValidationError({"counsel_name": "Name the counsel who signed off."})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "The sign-off date cannot be in the future."})
    signoff = RuleSetSignOff.objects.create(
        agency=agency,
        rule_set=rule_set,
        counsel_name=counsel_name.strip(),
        signed_on=signed_on,
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    audit_record(
        action="ruleset.signoff",
        acting_user=acting_user,
        obj=signoff,
        agency=agency,
        details={"rule_set": rule_set, "counsel": counsel_name.strip()},
    )
    return signoff
