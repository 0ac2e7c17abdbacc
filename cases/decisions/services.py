"""Writes for the decision screen: record a decision, review it, record counsel sign-off.

Each function is atomic and writes its audit event in the same transaction; a refusal
changes nothing. A user whose role (or relation to the record) does not allow the write gets
``PermissionDenied``: a 403 page, or a message on the form where the page expects it. A
business-rule refusal ("tell the person first", "finish your training first") raises
``ValidationError`` in words a desk officer understands, for the form.

``decision_record`` reads top to bottom: authorise (the role, then the decision gates other
apps register) → lock the detainer and check its state → check the officer's choice →
evaluate the facts now → check the override reason and the hold's limit → insert the
decision and move the detainer through its status machine → audit → reminders.
"""

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit_actions import DecisionAuditAction as A
from cases.catalogue.provider import current_catalogue
from cases.decisions.duty_services import check_duties_done, duties_insert
from cases.decisions.facts import scenario_for_detainer
from cases.decisions.gates import decision_refusal
from cases.decisions.hooks import registered_decision_hooks
from cases.detainers import states
from cases.figures import figures_changed
from cases.ice.services import approved_override_for
from cases.models import (
    ENGINE_ACTION,
    CaseStatus,
    Decision,
    DecisionAction,
    DecisionReview,
    Detainer,
    DetainerStatus,
    OverrideRequest,
    ReviewOutcome,
    RuleSetSignOff,
)
from cases.reminders import reminders_for_decision, reminders_for_review
from cases.rules import NEEDS_REVIEW, PERMITTED, clock, evaluate
from cases.rules.rulesets import RULE_SETS
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record

REVIEW_ACTIONS = {ReviewOutcome.APPROVED: A.APPROVED, ReviewOutcome.RETURNED: A.RETURNED}


def departing(result: dict, actions: list[str]) -> dict[str, str]:
    """{action: why it departs from the guidance} for the chosen actions (empty when they
    follow it). An action the engine prohibits departs; so does one whose verdict needs legal
    review (the officer would settle what the engine could not). Declining the detainer never
    departs: releasing the person as the law requires needs no reason and no override."""
    verdicts = {name: a["verdict"] for name, a in result["actions"].items()}
    why = {}
    for action in actions:
        if action == DecisionAction.DECLINE:
            continue
        engine_action = ENGINE_ACTION[DecisionAction(action)]
        verdict, label = verdicts[engine_action], DecisionAction(action).label
        if verdict == NEEDS_REVIEW:
            why[action] = f"{label}: the guidance says {engine_action.replace('_', ' ')} needs legal review."
        elif verdict != PERMITTED:
            why[action] = f"{label}: the guidance says this is prohibited."
    return why


def departures(result: dict, actions: list[str]) -> list[str]:
    """Why the chosen actions depart from the guidance, in words (empty when they follow it)."""
    return list(departing(result, actions).values())


@dataclass(frozen=True)
class Choice:
    """What the officer chose and wrote on the form (texts stripped)."""

    actions: list[str]
    rationale: str
    person_informed: bool
    copy_given: bool
    duties_done: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guidance:
    """The engine's view of the facts at ``decided_at``, and how the choice departs from it."""

    decided_at: dt.datetime
    facts: dict
    result: dict
    departures: list[str]
    override: OverrideRequest | None
    hold_until: dt.datetime | None
    duties_done: list[str]


@transaction.atomic
def decision_record(
    *,
    detainer: Detainer,
    actions: list[str],
    rationale: str,
    acting_user,
    person_informed: bool = False,
    copy_given: bool = False,
    duties_done=(),
    supersedes: Decision | None = None,
) -> Decision:
    """Evaluate the detainer's facts now and record what the officer did, immutably, with
    which of the engine's duties were done (``copy_given``: the detainer copy duty)."""
    _authorise_recording(acting_user)
    detainer = _lock_recordable(detainer, supersedes=supersedes)
    choice = Choice(
        actions=list(actions),
        rationale=rationale.strip(),
        person_informed=person_informed,
        copy_given=copy_given,
        duties_done=tuple(duties_done) + (("give_detainer_copy",) if copy_given else ()),
    )
    _check_choice(choice)
    guidance = _guidance(detainer, choice, decided_at=timezone.now())
    decision = _decision_insert(detainer, choice, guidance, supersedes=supersedes, acting_user=acting_user)
    duties_insert(decision, guidance.duties_done, acting_user=acting_user)
    states.transition(detainer, _status_after(choice.actions))
    _keep_hold_limit(detainer, decision)
    _audit_recorded(decision, acting_user=acting_user)
    reminders_for_decision(decision=decision)
    figures_changed(
        decision.agency_id, [decision.recorded_at, supersedes.recorded_at if supersedes else None]
    )
    _after_commit_hooks(decision)
    return decision


# --- decision_record, step by step ---------------------------------------------------------


def _after_commit_hooks(decision: Decision) -> None:
    """Every hook another app registered, once the decision is committed; a failing hook is
    logged and never undoes the decision (``cases.decisions.hooks``)."""
    for hook in registered_decision_hooks():
        transaction.on_commit(partial(hook, decision.pk), robust=True)


def _authorise_recording(user) -> None:
    """The role (403), then every decision gate another app registered (a message for the form)."""
    if not user_can(user, Cap.RECORD_DECISIONS):
        raise PermissionDenied("Your role does not allow recording decisions.")
    refusal = decision_refusal(user, timezone.now())
    if refusal:
        raise ValidationError(refusal)


def _lock_recordable(detainer: Detainer, *, supersedes: Decision | None) -> Detainer:
    """The detainer, locked, once it is certain a decision (or this correction) may be recorded."""
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
    current = detainer.decisions.filter(superseded_by__isnull=True).first()
    if current is not None and (supersedes is None or supersedes.pk != current.pk):
        raise ValidationError(
            "A decision is already recorded for this detainer; record a correction instead."
        )
    return detainer


def _check_choice(choice: Choice) -> None:
    """What the form must say whatever the guidance: actions, a rationale, the person told."""
    _check_actions(choice.actions)
    if not choice.rationale:
        raise ValidationError({"rationale": "Explain the decision in a sentence or two."})
    if not choice.person_informed:
        raise ValidationError(
            {
                "person_informed": "Tell the person that ICE asked for their detention, "
                "then tick this box (C.G.S. § 54-192h)."
            }
        )


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


def _guidance(detainer: Detainer, choice: Choice, *, decided_at: dt.datetime) -> Guidance:
    """Evaluate the facts at ``decided_at``; refuse a departure without a reason, or a hold
    without the release time its limit counts from."""
    facts = scenario_for_detainer(detainer, decided_at=decided_at)
    result = evaluate(facts, current_catalogue())
    why = departing(result, choice.actions)
    override = approved_override_for(detainer, why) if why else None
    if why and override is None:
        raise ValidationError(
            {
                "actions": "This departs from the guidance ("
                + " ".join(why.values())
                + ") A supervisor must approve an override for it before it can be recorded: "
                "request one on this page, or choose what the guidance permits. Declining the "
                "detainer never needs one."
            }
        )
    hold_until = _hold_until(detainer, choice.actions, result["rule_set"])
    # copy_given (the old checkbox) counts only where the rule set lists the copy duty
    ticked = [d for d in choice.duties_done if d != "give_detainer_copy" or d in result.get("duties", ())]
    duties_done = check_duties_done(result, ticked)
    return Guidance(
        decided_at=decided_at,
        facts=facts,
        result=result,
        departures=list(why.values()),
        override=override,
        hold_until=hold_until,
        duties_done=duties_done,
    )


def _hold_until(detainer: Detainer, actions: list[str], rule_set: str) -> dt.datetime | None:
    """The end of the 48-hour limit for a hold (every hold, overrides included), else None."""
    if DecisionAction.HOLD not in actions:
        return None
    releasable_at = detainer.case.releasable_at
    if releasable_at is None:
        raise ValidationError(
            {
                "actions": "Enter when the person would otherwise be released before "
                "recording a hold: the 48-hour limit counts from then."
            }
        )
    return clock.hold_until(releasable_at, RULE_SETS[rule_set].hold_clock)


def _decision_insert(
    detainer: Detainer, choice: Choice, guidance: Guidance, *, supersedes: Decision | None, acting_user
) -> Decision:
    override = guidance.override
    return Decision.objects.create(
        agency=detainer.case.agency,
        detainer=detainer,
        supersedes=supersedes,
        rule_set=guidance.result["rule_set"],
        engine_version=guidance.result["engine_version"],
        facts=guidance.facts,
        result=guidance.result,
        actions=choice.actions,
        hold_until=guidance.hold_until,
        rationale=choice.rationale,
        is_override=override is not None,
        override_reason=override.reason if override is not None else "",
        override_request=override,
        person_informed=choice.person_informed,
        copy_given="give_detainer_copy" in guidance.duties_done or choice.copy_given,
        recorded_by=acting_user,
        recorded_at=guidance.decided_at,
    )


def _status_after(actions: list[str]) -> str:
    """The detainer's status once the decision is recorded (through ``states.transition``)."""
    return DetainerStatus.DECLINED if DecisionAction.DECLINE in actions else DetainerStatus.DECIDED


def _keep_hold_limit(detainer: Detainer, decision: Decision) -> None:
    """The detainer carries its current decision's hold limit (None unless it holds), for
    the board. An update, not a save: a copy of the decision, not a change to the detainer's
    history."""
    detainer.hold_until = decision.hold_until
    Detainer.objects.filter(pk=detainer.pk).update(hold_until=decision.hold_until)


def _audit_recorded(decision: Decision, *, acting_user) -> None:
    audit_record(
        action=A.CORRECT if decision.supersedes_id else A.RECORD,
        acting_user=acting_user,
        obj=decision,
        agency=decision.agency,
        details={
            "detainer": decision.detainer_id,
            "actions": list(decision.actions),
            "override": decision.is_override,
            "rule_set": decision.rule_set,
            "supersedes": decision.supersedes_id,
            "duties_done": [m.duty for m in decision.duty_marks.all() if m.done],
        },
    )


# --- review --------------------------------------------------------------------------------


def decision_review(*, decision: Decision, outcome: str, comments: str, acting_user) -> DecisionReview:
    """Approve or return a decision. Nobody reviews their own decision.

    The refusal of a self-review is audited outside the review's transaction, so that the
    "denied" audit row is kept when the refusal is raised.
    """
    _authorise_review(decision, acting_user)
    return _review_create(decision=decision, outcome=outcome, comments=comments, acting_user=acting_user)


def _authorise_review(decision: Decision, user) -> None:
    if not user_can(user, Cap.REVIEW_DECISIONS):
        raise PermissionDenied("Only a supervisor can review decisions.")
    if decision.recorded_by_id == user.pk:  # recorded_by never changes: decisions are immutable
        audit_record(
            action=A.REVIEW,
            acting_user=user,
            obj=decision,
            agency=decision.agency,
            outcome="denied",
            details={"why": "own decision"},
        )
        raise PermissionDenied("You recorded this decision, so another supervisor must review it.")


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
        action=REVIEW_ACTIONS[ReviewOutcome(outcome)],
        acting_user=acting_user,
        obj=decision,
        agency=decision.agency,
        details={"comments": comments.strip()},
    )
    reminders_for_review(decision=decision)
    figures_changed(decision.agency_id, [decision.recorded_at])  # the review outcome counts
    return review


# --- counsel sign-off ----------------------------------------------------------------------


@transaction.atomic
def signoff_record(*, agency, rule_set: str, counsel_name: str, signed_on, notes: str, acting_user):
    if not user_can(acting_user, Cap.SIGN_OFF_RULES):
        raise PermissionDenied("Only an agency administrator records counsel sign-off.")
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
        action=A.SIGNOFF,
        acting_user=acting_user,
        obj=signoff,
        agency=agency,
        details={"rule_set": rule_set, "counsel": counsel_name.strip()},
    )
    return signoff
