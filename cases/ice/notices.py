"""The notices the law requires the agency to give ((e)(1)): writes, each atomic with its audit
row, and the planning of the reminders that keep an unserved notice in sight.

- On receiving a detainer: a notice to the person with a copy of the detainer and whether
  the agency intends to comply, and why (``NoticeKind.DETAINER_RECEIVED``), prepared when the
  detainer is logged.
- When ICE is told of a release (an ICE access of type B): a copy of that notification and
  the written reason for complying, for the person and for their attorney or a person they
  designated (``NoticeKind.RELEASE_NOTIFIED``), prepared when the access is recorded.

What a notice says is built in ``cases/ice/notice_content.py`` from explicit field lists, so
no confidential information ((a)(3), (d)) can reach it.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit_actions import IceAction as A
from cases.ice.gates import decision_in_force
from cases.models import (
    AccessType,
    DeliveryMethod,
    Detainer,
    DetainerNotice,
    IceAccess,
    Language,
    NoticeKind,
    NoticeRecipient,
)
from cases.reminders import reminders_for_notice
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record
from trustportal.common.services import allowed, save_valid

PREPARE_FIELDS = ("kind", "recipient", "recipient_name", "language")
SERVE_FIELDS = ("served_at", "delivery", "delivery_note", "recipient", "recipient_name")


def translated_languages() -> set[str]:
    """The languages a notice can be printed in (``LANGUAGES`` in settings)."""
    return {code for code, _name in settings.LANGUAGES}


def default_language(person) -> str:
    """The person's preferred language when the notices are translated into it, else English
    (the notice then says that an interpreter must read it to them)."""
    preferred = person.preferred_language
    return preferred if preferred in translated_languages() else Language.ENGLISH


def _check_may_edit(acting_user) -> None:
    if not user_can(acting_user, Cap.EDIT_CASES):
        raise PermissionDenied("Your role does not allow preparing or serving notices.")


# --- prepare -------------------------------------------------------------------------------


@transaction.atomic
def notice_prepare(*, detainer: Detainer, data: dict, acting_user, ice_access: IceAccess | None = None):
    """Prepare a notice (not yet served): the kind, for whom, in which language. A copy of a
    release notification needs that notification (the latest type B access of the detainer
    unless ``ice_access`` says which)."""
    _check_may_edit(acting_user)
    fields = allowed(data, PREPARE_FIELDS)
    detainer = (
        Detainer.objects.select_for_update()
        .select_related("case__person", "case__agency")
        .get(pk=detainer.pk)
    )
    fields.setdefault("language", default_language(detainer.case.person))
    _check_prepare(fields)
    if fields["kind"] == NoticeKind.RELEASE_NOTIFIED:
        ice_access = ice_access or _latest_release_notice(detainer)
        if ice_access is None:
            raise ValidationError(
                "ICE has not been told of a release on this detainer: record that ICE access "
                "(type B) first; its copies are prepared with it."
            )
    notice = save_valid(
        DetainerNotice(
            agency=detainer.case.agency,
            detainer=detainer,
            ice_access=ice_access,
            decision=ice_access.decision if ice_access is not None else None,
            created_by=acting_user,
            created_at=timezone.now(),
            **fields,
        )
    )
    audit_record(
        action=A.NOTICE_CREATE,
        acting_user=acting_user,
        obj=notice,
        agency=notice.agency,
        details={
            "detainer": detainer.pk,
            "kind": notice.kind,
            "recipient": notice.recipient,
            "language": notice.language,
            "ice_access": notice.ice_access_id,
        },
    )
    reminders_for_notice(notice=notice)
    return notice


def _check_prepare(fields: dict) -> None:
    if fields.get("kind") not in NoticeKind.values:
        raise ValidationError({"kind": "Choose which notice to prepare."})
    if fields.get("recipient") not in NoticeRecipient.values:
        raise ValidationError({"recipient": "Choose whom the notice is for."})
    if fields["kind"] == NoticeKind.DETAINER_RECEIVED and fields["recipient"] != NoticeRecipient.PERSON:
        raise ValidationError({"recipient": "The notice of a detainer is given to the person it names."})
    if fields["language"] not in translated_languages():
        raise ValidationError(
            {"language": "Notices are translated into English and Spanish only: choose one of them."}
        )


def _latest_release_notice(detainer: Detainer) -> IceAccess | None:
    accesses = IceAccess.objects.filter(detainer=detainer, access_type=AccessType.RELEASE_NOTICE)
    return accesses.order_by("-at", "-id").first()


def notices_for_new_detainer(*, detainer: Detainer, acting_user) -> DetainerNotice:
    """On receiving a detainer: the notice to the person, in their language when translated."""
    return notice_prepare(
        detainer=detainer,
        data={"kind": NoticeKind.DETAINER_RECEIVED, "recipient": NoticeRecipient.PERSON},
        acting_user=acting_user,
    )


def notices_for_release_notification(*, access: IceAccess, acting_user) -> list[DetainerNotice]:
    """ICE was told of a release: a copy, with the reason, for the person and their attorney
    (or a designated person, chosen when it is served)."""
    assert access.detainer is not None  # noqa: S101 (a type B access in compliance with a detainer)
    return [
        notice_prepare(
            detainer=access.detainer,
            data={"kind": NoticeKind.RELEASE_NOTIFIED, "recipient": recipient},
            ice_access=access,
            acting_user=acting_user,
        )
        for recipient in (NoticeRecipient.PERSON, NoticeRecipient.ATTORNEY)
    ]


# --- print ---------------------------------------------------------------------------------


@transaction.atomic
def notice_print(*, notice: DetainerNotice, acting_user) -> DetainerNotice:
    """Printing is audited. A notice of a detainer not yet served takes the decision in force
    now (what it says is what was printed); a served one stays as it was served."""
    _check_may_edit(acting_user)
    notice = DetainerNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.kind == NoticeKind.DETAINER_RECEIVED and notice.served_at is None:
        notice.decision = decision_in_force(notice.detainer)
    notice.printed_at = timezone.now()
    notice.save(update_fields=["decision", "printed_at"])
    audit_record(
        action=A.NOTICE_PRINT,
        acting_user=acting_user,
        obj=notice,
        agency=notice.agency,
        details={
            "language": notice.language,
            "decision": notice.decision_id,
            "served": bool(notice.served_at),
        },
    )
    return notice


# --- serve ---------------------------------------------------------------------------------


@transaction.atomic
def notice_serve(*, notice: DetainerNotice, data: dict, acting_user) -> DetainerNotice:
    """Record who served the notice, when and how, or the good-faith attempt to reach the
    attorney or designated person (with what was tried)."""
    _check_may_edit(acting_user)
    fields = allowed(data, SERVE_FIELDS)
    notice = DetainerNotice.objects.select_for_update().select_related("detainer__case").get(pk=notice.pk)
    if notice.served_at is not None:
        raise ValidationError(
            "This notice is already recorded as served. Prepare a new one to serve it again."
        )
    if not (fields.get("recipient_name") or "").strip():
        fields.pop("recipient_name", None)  # keep the name given when it was prepared
    _check_serve(notice, fields)
    for field, value in fields.items():
        setattr(notice, field, value.strip() if isinstance(value, str) else value)
    notice.served_by = acting_user
    save_valid(notice)
    audit_record(
        action=A.NOTICE_SERVE,
        acting_user=acting_user,
        obj=notice,
        agency=notice.agency,
        details={
            "detainer": notice.detainer_id,
            "kind": notice.kind,
            "recipient": notice.recipient,
            "recipient_name": notice.recipient_name,
            "served_at": fields["served_at"].isoformat(),
            "delivery": notice.delivery,
            "note": notice.delivery_note,
        },
    )
    reminders_for_notice(notice=notice)
    return notice


def _check_serve(notice: DetainerNotice, fields: dict) -> None:
    delivery, at = fields.get("delivery", ""), fields.get("served_at")
    if delivery not in DeliveryMethod.values:
        raise ValidationError({"delivery": "Choose how it was served, or record a good-faith attempt."})
    if at is None:
        raise ValidationError({"served_at": "Enter when it was served."})
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"served_at": "The time cannot be in the future."})
    if at < notice.created_at - dt.timedelta(minutes=5):
        raise ValidationError({"served_at": "The time is before the notice was prepared."})
    if delivery == DeliveryMethod.ATTEMPT and not (fields.get("delivery_note") or "").strip():
        raise ValidationError({"delivery_note": "Say what was tried to reach them (whom, how, when)."})
    if delivery != DeliveryMethod.ATTEMPT and notice.printed_at is None:
        raise ValidationError("Print the notice first: the person is given the printed copy.")
    recipient = fields.get("recipient", notice.recipient)
    if notice.kind == NoticeKind.DETAINER_RECEIVED and recipient != NoticeRecipient.PERSON:
        raise ValidationError({"recipient": "The notice of a detainer is given to the person it names."})
    if (
        recipient != NoticeRecipient.PERSON
        and not fields.get("recipient_name", notice.recipient_name).strip()
    ):
        raise ValidationError({"recipient_name": "Name the attorney or the person they designated."})
