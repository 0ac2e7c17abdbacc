"""Every write on case data: atomic, audited in the same transaction, named <thing>_<verb>.

Business-rule refusals raise ``django.core.exceptions.ValidationError`` with a message a
desk officer understands; views put it on the form. Nothing is changed when one is raised.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import (
    CaseStatus,
    Charge,
    Conviction,
    CustodyCase,
    Detainer,
    DetainerDocument,
    DetainerScan,
    DetainerStatus,
    IceContact,
    Offense,
    Person,
)
from cases.reminders import (
    reminders_cancel_for_case,
    reminders_for_new_detainer,
    reminders_for_releasable_change,
)
from trustportal.audit.services import audit_record

SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}


def _apply(instance, data: dict):
    for field, value in data.items():
        setattr(instance, field, value)


def _changes(instance, data: dict) -> dict:
    return {k: [str(getattr(instance, k)), str(v)] for k, v in data.items() if getattr(instance, k) != v}


def _create_audited(instance, *, action: str, acting_user, agency, details: dict):
    """Validate and insert ``instance``, then audit it, in the caller's transaction."""
    instance.full_clean()
    instance.save()
    audit_record(action=action, acting_user=acting_user, obj=instance, agency=agency, details=details)
    return instance


def _update_audited(instance, data: dict, *, action: str, acting_user, agency):
    """Apply ``data`` to ``instance``, validate, save, and audit the before/after changes."""
    changes = _changes(instance, data)
    _apply(instance, data)
    instance.full_clean()
    instance.save()
    audit_record(
        action=action, acting_user=acting_user, obj=instance, agency=agency, details={"changes": changes}
    )
    return instance


# --- people ----------------------------------------------------------------------------


@transaction.atomic
def person_create(*, agency, data: dict, acting_user) -> Person:
    person = Person(agency=agency, created_by=acting_user, **data)
    person.full_clean()
    person.save()
    audit_record(action="person.create", acting_user=acting_user, obj=person)
    return person


@transaction.atomic
def person_update(*, person: Person, data: dict, acting_user) -> Person:
    return _update_audited(
        person, data, action="person.update", acting_user=acting_user, agency=person.agency
    )


# --- custody cases ---------------------------------------------------------------------


def _check_open(case: CustodyCase, doing: str):
    if case.status != CaseStatus.IN_CUSTODY:
        raise ValidationError(
            f"Cannot {doing}: this person is no longer in custody ({case.get_status_display().lower()} "
            f"at {timezone.localtime(case.closed_at):%d %b %Y %H:%M})."
        )


@transaction.atomic
def case_book(*, person: Person, data: dict, acting_user) -> CustodyCase:
    if CustodyCase.objects.filter(agency=person.agency, booking_number=data.get("booking_number")).exists():
        raise ValidationError({"booking_number": "This booking number is already used in your agency."})
    case = CustodyCase(agency=person.agency, person=person, created_by=acting_user, **data)
    case.full_clean()
    case.save()
    audit_record(action="case.book", acting_user=acting_user, obj=case, details={"person": person.pk})
    return case


@transaction.atomic
def case_update(*, case: CustodyCase, data: dict, acting_user) -> CustodyCase:
    case = CustodyCase.objects.select_for_update().get(pk=case.pk)
    _check_open(case, "change the booking")
    if (
        "booking_number" in data
        and CustodyCase.objects.filter(agency=case.agency, booking_number=data["booking_number"])
        .exclude(pk=case.pk)
        .exists()
    ):
        raise ValidationError({"booking_number": "This booking number is already used in your agency."})
    changes = _changes(case, data)
    _apply(case, data)
    case.full_clean()
    case.save()
    audit_record(action="case.update", acting_user=acting_user, obj=case, details={"changes": changes})
    if "releasable_at" in changes:
        reminders_for_releasable_change(case=case)
    return case


def _close(case, *, status, at, reason, acting_user, transferred_to=""):
    case = CustodyCase.objects.select_for_update().get(pk=case.pk)
    _check_open(case, "release or transfer")
    if at < case.booked_at:
        raise ValidationError({"at": "The release or transfer time must be after the booking time."})
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": "The release or transfer time cannot be in the future."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason."})
    case.status, case.closed_at, case.closure_reason = status, at, reason.strip()
    case.closed_by, case.transferred_to = acting_user, transferred_to
    case.save()
    return case


@transaction.atomic
def case_release(*, case: CustodyCase, at, reason: str, acting_user) -> CustodyCase:
    case = _close(case, status=CaseStatus.RELEASED, at=at, reason=reason, acting_user=acting_user)
    lapsed = Detainer.objects.filter(case=case, status__in=[DetainerStatus.OPEN, DetainerStatus.DECIDED])
    lapsed_ids = list(lapsed.values_list("pk", flat=True))
    for detainer in Detainer.objects.filter(pk__in=lapsed_ids):
        detainer.status = DetainerStatus.LAPSED
        detainer.save(update_fields=["status"])
    audit_record(
        action="case.release",
        acting_user=acting_user,
        obj=case,
        details={"at": at.isoformat(), "reason": reason, "detainers_lapsed": lapsed_ids},
    )
    reminders_cancel_for_case(case=case)
    return case


@transaction.atomic
def case_transfer(*, case: CustodyCase, to_ice: bool, at, reason: str, destination: str, acting_user):
    status = CaseStatus.TRANSFERRED_ICE if to_ice else CaseStatus.TRANSFERRED_AGENCY
    if not to_ice and not destination.strip():
        raise ValidationError({"destination": "Name the agency the person is transferred to."})
    case = _close(
        case,
        status=status,
        at=at,
        reason=reason,
        acting_user=acting_user,
        transferred_to="ICE" if to_ice else destination.strip(),
    )
    if to_ice:
        for detainer in Detainer.objects.filter(
            case=case, status__in=[DetainerStatus.OPEN, DetainerStatus.DECIDED]
        ):
            detainer.status = DetainerStatus.HONORED
            detainer.save(update_fields=["status"])
    audit_record(
        action="case.transfer",
        acting_user=acting_user,
        obj=case,
        details={"at": at.isoformat(), "to": case.transferred_to, "reason": reason},
    )
    reminders_cancel_for_case(case=case)
    return case


# --- charges and convictions ----------------------------------------------------------


@transaction.atomic
def charge_add(*, case: CustodyCase, data: dict, acting_user) -> Charge:
    return _create_audited(
        Charge(case=case, **data),
        action="charge.add",
        acting_user=acting_user,
        agency=case.agency,
        details={"case": case.pk},
    )


@transaction.atomic
def charge_update(*, charge: Charge, data: dict, acting_user) -> Charge:
    return _update_audited(
        charge, data, action="charge.update", acting_user=acting_user, agency=charge.case.agency
    )


@transaction.atomic
def conviction_add(*, person: Person, data: dict, acting_user) -> Conviction:
    return _create_audited(
        Conviction(person=person, **data),
        action="conviction.add",
        acting_user=acting_user,
        agency=person.agency,
        details={"person": person.pk},
    )


@transaction.atomic
def conviction_update(*, conviction: Conviction, data: dict, acting_user) -> Conviction:
    return _update_audited(
        conviction, data, action="conviction.update", acting_user=acting_user, agency=conviction.person.agency
    )


@transaction.atomic
def conviction_verify(*, conviction: Conviction, acting_user) -> Conviction:
    conviction.verified_by, conviction.verified_at = acting_user, timezone.now()
    conviction.save(update_fields=["verified_by", "verified_at"])
    audit_record(
        action="conviction.verify", acting_user=acting_user, obj=conviction, agency=conviction.person.agency
    )
    return conviction


# --- detainers -------------------------------------------------------------------------


@transaction.atomic
def detainer_log(*, case: CustodyCase, data: dict, documents: list[dict] = (), acting_user) -> Detainer:
    case = CustodyCase.objects.select_for_update().get(pk=case.pk)
    _check_open(case, "log a detainer")
    detainer = Detainer(case=case, created_by=acting_user, **data)
    detainer.full_clean()
    detainer.save()
    for doc in documents:
        document = DetainerDocument(detainer=detainer, **doc)
        document.full_clean()
        document.save()
    audit_record(
        action="detainer.log",
        acting_user=acting_user,
        obj=detainer,
        agency=case.agency,
        details={"case": case.pk, "documents": len(documents)},
    )
    reminders_for_new_detainer(detainer=detainer)
    return detainer


@transaction.atomic
def detainer_update(*, detainer: Detainer, data: dict, acting_user) -> Detainer:
    return _update_audited(
        detainer, data, action="detainer.update", acting_user=acting_user, agency=detainer.case.agency
    )


DETAINER_TRANSITIONS = {
    DetainerStatus.OPEN: {DetainerStatus.DECIDED, DetainerStatus.CANCELLED, DetainerStatus.LAPSED},
    DetainerStatus.DECIDED: {
        DetainerStatus.HONORED,
        DetainerStatus.DECLINED,
        DetainerStatus.LAPSED,
        DetainerStatus.CANCELLED,
        DetainerStatus.DECIDED,
    },
}


@transaction.atomic
def detainer_set_status(*, detainer: Detainer, status: str, reason: str = "", acting_user) -> Detainer:
    detainer = Detainer.objects.select_for_update().select_related("case").get(pk=detainer.pk)
    allowed = DETAINER_TRANSITIONS.get(detainer.status, set())
    if status not in allowed:
        raise ValidationError(
            f"A detainer that is {detainer.get_status_display().lower()} cannot become "
            f"{DetainerStatus(status).label.lower()}."
        )
    before = detainer.status
    detainer.status = status
    detainer.save(update_fields=["status"])
    audit_record(
        action="detainer.status",
        acting_user=acting_user,
        obj=detainer,
        agency=detainer.case.agency,
        details={"from": before, "to": status, "reason": reason},
    )
    return detainer


@transaction.atomic
def document_add(*, detainer: Detainer, data: dict, acting_user) -> DetainerDocument:
    document = DetainerDocument(detainer=detainer, **data)
    document.full_clean()
    document.save()
    audit_record(
        action="detainer.document_add",
        acting_user=acting_user,
        obj=document,
        agency=detainer.case.agency,
        details={"detainer": detainer.pk},
    )
    return document


@transaction.atomic
def document_update(*, document: DetainerDocument, data: dict, acting_user) -> DetainerDocument:
    return _update_audited(
        document,
        data,
        action="detainer.document_update",
        acting_user=acting_user,
        agency=document.detainer.case.agency,
    )


def sniff_scan_type(head: bytes) -> str | None:
    """The content type from the file's first bytes (never from its name or the browser)."""
    for magic, content_type in SCAN_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


@transaction.atomic
def scan_upload(*, detainer: Detainer, uploaded_file, acting_user) -> DetainerScan:
    if uploaded_file.size > SCAN_MAX_BYTES:
        raise ValidationError({"file": "The scan is larger than 10 MB. Scan at a lower resolution."})
    if uploaded_file.size == 0:
        raise ValidationError({"file": "The file is empty."})
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    content_type = sniff_scan_type(head)
    if content_type is None:
        raise ValidationError({"file": "Upload a PDF, PNG, JPEG or TIFF scan."})
    scan = DetainerScan(
        detainer=detainer,
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=acting_user,
    )
    scan.file.save(uploaded_file.name, uploaded_file, save=False)
    scan.save()
    audit_record(
        action="detainer.scan_upload",
        acting_user=acting_user,
        obj=scan,
        agency=detainer.case.agency,
        details={"detainer": detainer.pk, "size": scan.size},
    )
    return scan


@transaction.atomic
def ice_contact_record(*, detainer: Detainer, data: dict, acting_user) -> IceContact:
    contact = IceContact(detainer=detainer, recorded_by=acting_user, **data)
    contact.full_clean()
    contact.save()
    audit_record(
        action="detainer.ice_contact",
        acting_user=acting_user,
        obj=contact,
        agency=detainer.case.agency,
        details={"detainer": detainer.pk, "nature": contact.nature},
    )
    return contact


# --- the offense catalogue ------------------------------------------------------------


@transaction.atomic
def offense_save(*, offense: Offense, data: dict, acting_user) -> Offense:
    creating = offense.pk is None
    changes = {} if creating else _changes(offense, data)
    _apply(offense, data)
    offense.full_clean()
    offense.save()
    audit_record(
        action="offense.create" if creating else "offense.update",
        acting_user=acting_user,
        obj=offense,
        agency=acting_user.agency,
        details={"changes": changes},
    )
    return offense


# --- intake: book a new or existing person in one step -------------------------------

BOOKING_CLOCK_GRACE = dt.timedelta(minutes=5)


def booking_times_validate(*, booked_at, releasable_at=None):
    """Refuse booking times that cannot be right, in plain words."""
    errors = {}
    if booked_at and booked_at > timezone.now() + BOOKING_CLOCK_GRACE:
        errors["booked_at"] = "Booking time cannot be in the future."
    if booked_at and releasable_at and releasable_at < booked_at:
        errors["releasable_at"] = "Release time must be after booking time."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intake_book(*, agency, person=None, person_data=None, case_data: dict, acting_user) -> CustodyCase:
    """Create the person (when new) and their booking, all or nothing."""
    booking_times_validate(booked_at=case_data.get("booked_at"), releasable_at=case_data.get("releasable_at"))
    if person is None:
        person = _intake_new_person(agency=agency, data=dict(person_data or {}), acting_user=acting_user)
    elif person.agency_id != agency.pk:
        raise ValidationError("This person is not recorded in your agency.")
    return case_book(person=person, data=case_data, acting_user=acting_user)


def _intake_new_person(*, agency, data: dict, acting_user) -> Person:
    from cases.custody.selectors import person_by_a_number

    if person_by_a_number(agency, data.get("a_number", "")):
        raise ValidationError(
            {"a_number": "A person with this A-number is already recorded in your agency. Book that person."}
        )
    return person_create(agency=agency, data=data, acting_user=acting_user)
