"""Writes of ICE access and of what must come before it: override requests and their review,
and the agency head's review of notification requests ((c)).

Each write is atomic with its audit row. A gate refusal (``cases/ice/gates.py``) is audited
as refused in its own transaction, then raised as a ``ValidationError`` for the form: the
refused attempt stays on record and nothing else changes.
"""

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit_actions import IceAction as A
from cases.detainers.states import OPEN_STATUSES
from cases.figures import figures_changed
from cases.ice import gates, notices
from cases.models import (
    AccessBasis,
    AccessType,
    CustodyCase,
    DecisionAction,
    Detainer,
    DetainerStatus,
    HeadReviewOutcome,
    IceAccess,
    NotificationReview,
    OverrideRequest,
    OverrideStatus,
)
from cases.reminders import reminders_for_head_review, reminders_for_override
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record
from trustportal.common.services import allowed, save_valid

ACCESS_FIELDS = ("access_type", "at", "method", "ice_contact_name", "communication", "staff_minutes")


def refuse(*, reason: str, acting_user, obj, agency, details: dict) -> None:
    """Audit a refused attempt (kept: its own transaction) and raise the refusal for the form."""
    with transaction.atomic():
        audit_record(
            action=A.ACCESS_REFUSED,
            acting_user=acting_user,
            obj=obj,
            agency=agency,
            outcome="denied",
            details={**details, "why": reason},
        )
    raise ValidationError({NON_FIELD_ERRORS: reason})  # on the form, beside the link to the decision


# --- ICE access ----------------------------------------------------------------------------


def ice_access_record(*, case: CustodyCase, detainer: Detainer | None, data: dict, acting_user) -> IceAccess:
    """Record one act that gave ICE access, if the gate allows it. ``detainer`` None: access
    given through other means (no detainer), which must say why in its communication."""
    if not user_can(acting_user, Cap.EDIT_CASES):
        raise PermissionDenied("Your role does not allow recording ICE access.")
    fields = allowed(data, ACCESS_FIELDS)
    _check_access_fields(fields, case)
    with transaction.atomic():
        case = CustodyCase.objects.select_for_update().select_related("person", "agency").get(pk=case.pk)
        if detainer is not None:
            detainer = Detainer.objects.select_for_update().get(pk=detainer.pk, case=case)
        elif case.detainers.filter(status__in=OPEN_STATUSES).exists():
            raise ValidationError(
                "This person has a detainer awaiting an outcome: record the access on the detainer, "
                "where its decision says what is allowed."
            )
        permission = gates.access_permission(detainer, fields.get("access_type", ""))
        if permission:
            access = _access_insert(case, detainer, fields, permission, acting_user=acting_user)
            if detainer is not None and access.access_type == AccessType.RELEASE_NOTICE:
                # (e)(1): a copy and the reason for complying, to the person and their attorney
                notices.notices_for_release_notification(access=access, acting_user=acting_user)
            return access
    refuse(
        reason=permission.reason,
        acting_user=acting_user,
        obj=detainer or case,
        agency=case.agency,
        details={"access_type": fields.get("access_type"), "case": case.pk},
    )
    raise AssertionError("unreachable")  # refuse() raises


def _check_access_fields(fields: dict, case: CustodyCase) -> None:
    if fields.get("access_type") not in AccessType.values:
        raise ValidationError({"access_type": "Choose the type of access."})
    if not (fields.get("communication") or "").strip():
        raise ValidationError({"communication": "Say what was asked and what was said or sent."})
    at = fields.get("at")
    if at is None:
        raise ValidationError({"at": "Enter when it happened."})
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": "The time cannot be in the future."})
    if at < case.booked_at - dt.timedelta(days=1):
        raise ValidationError({"at": "The time is before this booking."})


def _access_insert(case, detainer, fields, permission, *, acting_user) -> IceAccess:
    access = save_valid(
        IceAccess(
            agency=case.agency,
            person=case.person,
            case=case,
            detainer=detainer,
            basis=AccessBasis.DETAINER if detainer is not None else AccessBasis.OTHER,
            decision=permission.decision,
            override=permission.decision.override_request if permission.via_override else None,
            notification_review=(
                gates.head_review(detainer)
                if detainer is not None and fields["access_type"] in gates.NEEDS_HEAD_REVIEW
                else None
            ),
            recorded_by=acting_user,
            **fields,
        )
    )
    audit_record(
        action=A.ACCESS,
        acting_user=acting_user,
        obj=access,
        agency=case.agency,
        details={
            "case": case.pk,
            "detainer": detainer.pk if detainer else None,
            "type": access.access_type,
            "basis": access.basis,
            "decision": access.decision_id,
            "override": access.override_id,
        },
    )
    figures_changed(case.agency_id, [access.at])
    return access


def _open_detainers(case: CustodyCase) -> list[Detainer]:
    return list(case.detainers.filter(status__in=OPEN_STATUSES).order_by("-received_at"))


def transfer_check(*, case: CustodyCase, acting_user) -> None:
    """Refuse (audited) a transfer to ICE that no decision in force permits."""
    permission = gates.transfer_permission(_open_detainers(case))
    if not permission:
        refuse(
            reason=permission.reason,
            acting_user=acting_user,
            obj=case,
            agency=case.agency,
            details={"access_type": AccessType.RESPOND, "case": case.pk, "action": "transfer"},
        )


def transfer_access(*, case: CustodyCase, at, reason: str, staff_minutes, acting_user) -> IceAccess:
    """The ICE access of a transfer to ICE custody (type A, in compliance with the detainer).
    Called by the transfer service inside its transaction, with the case locked, after
    ``transfer_check``; refuses again if a correction landed in between."""
    permission = gates.transfer_permission(_open_detainers(case))
    decision = permission.decision
    if not permission or decision is None:
        raise ValidationError(permission.reason)
    return _access_insert(
        case,
        decision.detainer,
        {
            "access_type": AccessType.RESPOND,
            "at": at,
            "method": "custody",
            "communication": f"Transferred to ICE custody. {reason}".strip(),
            "staff_minutes": staff_minutes,
        },
        permission,
        acting_user=acting_user,
    )


# --- override requests ---------------------------------------------------------------------


@transaction.atomic
def override_request_create(
    *, detainer: Detainer, actions: list[str], reason: str, acting_user
) -> OverrideRequest:
    """Ask a supervisor to approve actions the guidance does not permit. Declining is never an
    override, so it cannot be asked for."""
    if not user_can(acting_user, Cap.RECORD_DECISIONS):
        raise PermissionDenied("Your role does not allow requesting an override.")
    detainer = Detainer.objects.select_for_update().select_related("case__agency").get(pk=detainer.pk)
    actions = [a for a in dict.fromkeys(actions) if a]
    if not actions or any(a not in DecisionAction.values or a == DecisionAction.DECLINE for a in actions):
        raise ValidationError(
            {"actions": "Choose the actions (hold, notify, transfer, interview) to override."}
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the override."})
    if detainer.status not in (*OPEN_STATUSES, DetainerStatus.DECLINED):
        raise ValidationError(f"This detainer is {detainer.get_status_display().lower()}.")
    if OverrideRequest.objects.filter(detainer=detainer, status=OverrideStatus.PENDING).exists():
        raise ValidationError("An override request for this detainer is already waiting for a supervisor.")
    request = OverrideRequest.objects.create(
        agency=detainer.case.agency,
        detainer=detainer,
        actions=actions,
        reason=reason.strip(),
        requested_by=acting_user,
        requested_at=timezone.now(),
    )
    audit_record(
        action=A.OVERRIDE_REQUEST,
        acting_user=acting_user,
        obj=request,
        agency=request.agency,
        details={"detainer": detainer.pk, "actions": actions, "reason": request.reason},
    )
    reminders_for_override(request=request)
    return request


def override_request_review(
    *, request: OverrideRequest, outcome: str, comments: str, acting_user
) -> OverrideRequest:
    """A supervisor approves or rejects an override request; nobody reviews their own."""
    if not user_can(acting_user, Cap.REVIEW_DECISIONS):
        raise PermissionDenied("Only a supervisor can approve or reject an override.")
    if request.requested_by_id == acting_user.pk:
        with transaction.atomic():
            audit_record(
                action=A.OVERRIDE_APPROVED if outcome == OverrideStatus.APPROVED else A.OVERRIDE_REJECTED,
                acting_user=acting_user,
                obj=request,
                agency=request.agency,
                outcome="denied",
                details={"why": "own request"},
            )
        raise PermissionDenied("You asked for this override, so another supervisor must review it.")
    return _override_review(request=request, outcome=outcome, comments=comments, acting_user=acting_user)


@transaction.atomic
def _override_review(
    *, request: OverrideRequest, outcome: str, comments: str, acting_user
) -> OverrideRequest:
    Detainer.objects.select_for_update().only("pk").get(pk=request.detainer_id)
    request = OverrideRequest.objects.get(pk=request.pk)
    if request.status != OverrideStatus.PENDING:
        raise ValidationError(f"This request was already {request.get_status_display().lower()}.")
    if outcome not in (OverrideStatus.APPROVED, OverrideStatus.REJECTED):
        raise ValidationError({"outcome": "Choose approve or reject."})
    if outcome == OverrideStatus.REJECTED and not comments.strip():
        raise ValidationError({"comments": "Say why the override is rejected."})
    request.status, request.review_comments = outcome, comments.strip()
    request.reviewed_by, request.reviewed_at = acting_user, timezone.now()
    request.save(update_fields=["status", "review_comments", "reviewed_by", "reviewed_at"])
    audit_record(
        action=A.OVERRIDE_APPROVED if outcome == OverrideStatus.APPROVED else A.OVERRIDE_REJECTED,
        acting_user=acting_user,
        obj=request,
        agency=request.agency,
        details={
            "detainer": request.detainer_id,
            "actions": request.actions,
            "comments": request.review_comments,
        },
    )
    reminders_for_override(request=request)
    return request


def approved_override_for(detainer: Detainer, actions) -> OverrideRequest | None:
    """The latest approved override request of ``detainer`` that covers every one of ``actions``."""
    for request in OverrideRequest.objects.filter(detainer=detainer, status=OverrideStatus.APPROVED):
        if set(actions) <= set(request.actions):
            return request
    return None


# --- the agency head's review of notification requests ((c)) -------------------------------


@transaction.atomic
def notification_request_forward(*, detainer: Detainer, acting_user) -> NotificationReview:
    """Forward the request to be told the release date and time to the head of the agency."""
    if not user_can(acting_user, Cap.EDIT_CASES):
        raise PermissionDenied("Your role does not allow forwarding requests.")
    detainer = (
        Detainer.objects.select_for_update()
        .select_related("case__agency", "case__person")
        .get(pk=detainer.pk)
    )
    if NotificationReview.objects.filter(detainer=detainer, outcome="").exists():
        raise ValidationError("The request is already waiting for the agency head's review.")
    review = NotificationReview.objects.create(
        agency=detainer.case.agency, detainer=detainer, forwarded_by=acting_user, forwarded_at=timezone.now()
    )
    audit_record(
        action=A.NOTIFICATION_FORWARD,
        acting_user=acting_user,
        obj=review,
        agency=review.agency,
        details={"detainer": detainer.pk},
    )
    reminders_for_head_review(review=review)
    return review


@transaction.atomic
def notification_request_review(
    *, review: NotificationReview, outcome: str, comments: str, acting_user
) -> NotificationReview:
    """The agency head says whether the request may be answered (as the decision permits)."""
    if not user_can(acting_user, Cap.REVIEW_NOTIFICATION_REQUESTS):
        raise PermissionDenied("Only the head of the agency reviews requests to be told a release date.")
    Detainer.objects.select_for_update().only("pk").get(pk=review.detainer_id)
    review = NotificationReview.objects.get(pk=review.pk)
    if not review.pending:
        raise ValidationError("This request has already been reviewed.")
    if outcome not in HeadReviewOutcome.values:
        raise ValidationError({"outcome": "Choose whether the request may be answered."})
    if outcome == HeadReviewOutcome.DO_NOT_ANSWER and not comments.strip():
        raise ValidationError({"comments": "Say why the request must not be answered."})
    review.outcome, review.comments = outcome, comments.strip()
    review.reviewed_by, review.reviewed_at = acting_user, timezone.now()
    review.save(update_fields=["outcome", "comments", "reviewed_by", "reviewed_at"])
    audit_record(
        action=A.NOTIFICATION_REVIEW,
        acting_user=acting_user,
        obj=review,
        agency=review.agency,
        details={"detainer": review.detainer_id, "outcome": outcome, "comments": review.comments},
    )
    reminders_for_head_review(review=review)
    return review
