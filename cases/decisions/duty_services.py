"""Writes of the duties done on a decision: at recording, and a duty done later.

Both only insert ``DecisionDuty`` rows: a decision is never edited. Marking a duty done later
is audited (``DecisionAuditAction.DUTY_DONE``) in the same transaction.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit_actions import DecisionAuditAction as A
from cases.decisions.duties import duty_words, latest_marks, result_duties
from cases.models import Decision, DecisionDuty, Detainer
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record


def check_duties_done(result: dict, duties_done) -> list[str]:
    """The ticked duties, refused if one is not a duty of ``result`` (the facts changed)."""
    listed = result_duties(result)
    unknown = [d for d in duties_done if d not in listed]
    if unknown:
        raise ValidationError(
            {"duties_done": "The duties changed since the page was shown: tick them again from the list."}
        )
    return [d for d in listed if d in set(duties_done)]


def duties_insert(decision: Decision, duties_done, *, acting_user) -> list[DecisionDuty]:
    """One row per duty the engine listed for ``decision``: done (now, by the officer) or not."""
    done = set(duties_done)
    at = decision.recorded_at
    return DecisionDuty.objects.bulk_create(
        [
            DecisionDuty(
                decision=decision,
                duty=duty,
                done=duty in done,
                done_by=acting_user if duty in done else None,
                done_at=at if duty in done else None,
                recorded_by=acting_user,
                recorded_at=at,
            )
            for duty in result_duties(decision.result)
        ]
    )


@transaction.atomic
def decision_duty_done(
    *, decision: Decision, duty: str, acting_user, done_at: dt.datetime | None = None
) -> DecisionDuty:
    """Record that ``duty`` of ``decision`` was done at ``done_at`` (default now), after the
    decision was recorded: a new row, audited."""
    if not user_can(acting_user, Cap.RECORD_DECISIONS):
        raise PermissionDenied("Your role does not allow recording the duties done on a decision.")
    # Lock the detainer, not the insert-only decision (the app's database role may not lock
    # rows it cannot update): marks of one decision are written one at a time.
    Detainer.objects.select_for_update().filter(pk=decision.detainer_id).first()
    decision = Decision.objects.get(pk=decision.pk)
    now = timezone.now()
    done_at = done_at or now
    _check_markable(decision, duty, done_at, now=now)
    mark = DecisionDuty.objects.create(
        decision=decision,
        duty=duty,
        done=True,
        done_by=acting_user,
        done_at=done_at,
        recorded_by=acting_user,
        recorded_at=now,
    )
    audit_record(
        action=A.DUTY_DONE,
        acting_user=acting_user,
        obj=decision,
        agency=decision.agency,
        details={"duty": duty, "done_at": done_at.isoformat()},
    )
    return mark


def _check_markable(decision: Decision, duty: str, done_at: dt.datetime, *, now: dt.datetime) -> None:
    if Decision.objects.filter(supersedes=decision).exists():
        raise ValidationError(
            "This decision has been superseded by a correction; mark the duty on the correction."
        )
    if duty not in result_duties(decision.result):
        raise ValidationError({"duty": "That is not one of this decision's duties."})
    mark = latest_marks(decision.duty_marks.all()).get(duty)
    if mark is not None and mark.done:
        words = duty_words(decision.rule_set, duty)["sentence"]
        raise ValidationError({"duty": f"Already recorded as done: {words}"})
    if done_at > now:
        raise ValidationError({"done_at": "The time the duty was done cannot be in the future."})
    if done_at < decision.detainer.received_at:
        raise ValidationError(
            {"done_at": "The time the duty was done cannot be before the detainer was received."}
        )
