"""Every write on case data: atomic, audited in the same transaction, named <thing>_<verb>.

Business-rule refusals raise ``django.core.exceptions.ValidationError`` with a message a
desk officer understands; views put it on the form. Nothing is changed when one is raised.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit_actions import CaseAction as A
from cases.custody import states as case_states
from cases.detainers import states as detainer_states
from cases.figures import case_figures_changed
from cases.ice import services as ice_services
from cases.models import (
    CONFIDENTIAL_FIELDS,
    CaseStatus,
    Charge,
    Conviction,
    CustodyCase,
    DetainerStatus,
    Person,
)
from cases.reminders import (
    reminders_cancel_for_case,
    reminders_for_releasable_change,
)
from trustportal.audit.services import audit_record
from trustportal.common.services import (
    allowed,
    apply_changes,
    create_audited,
    history_link,
    save_valid,
    update_audited,
)

PERSON_FIELDS = (
    "last_name", "first_name", "middle_name", "aliases", "date_of_birth", "sex", "citizenship",
    "state_id", "fbi_number", "a_number", "race", "ethnicity", "preferred_language",
    *CONFIDENTIAL_FIELDS,
)  # fmt: skip
BOOKING_FIELDS = (
    "booking_number", "booked_at", "facility", "arresting_officer", "releasable_at", "releasable_reason",
    "releasable_note",
)  # fmt: skip
CASE_FACT_FIELDS = (
    "tsdb_possible_match", "outstanding_ct_warrant", "gang_database_match", "final_order_of_removal",
    "public_safety_risk", "facts_note",
)  # fmt: skip
CASE_FIELDS = BOOKING_FIELDS + CASE_FACT_FIELDS
CHARGE_FIELDS = ("statute", "subdivision", "description", "status", "bond_amount", "bond_posted")
CONVICTION_FIELDS = (
    "statute", "subdivision", "description", "participation", "offense_date", "victim_age",
    "serious_physical_injury", "convicted_on", "jurisdiction", "juvenile",
    "felony_class_override", "override_reason", "source", "source_detail",
)  # fmt: skip

# --- people ----------------------------------------------------------------------------


@transaction.atomic
def person_create(*, agency, data: dict, acting_user) -> Person:
    person = Person(agency=agency, created_by=acting_user, **allowed(data, PERSON_FIELDS))
    return create_audited(person, action=A.PERSON_CREATE, acting_user=acting_user, agency=agency)


@transaction.atomic
def person_update(*, person: Person, data: dict, acting_user) -> Person:
    return update_audited(
        person,
        data,
        fields=PERSON_FIELDS,
        action=A.PERSON_UPDATE,
        acting_user=acting_user,
        agency=person.agency,
        masked=CONFIDENTIAL_FIELDS,  # (a)(3): "changed", never the value, in the audit trail
    )


# --- custody cases ---------------------------------------------------------------------


@transaction.atomic
def case_book(*, person: Person, data: dict, acting_user) -> CustodyCase:
    if CustodyCase.objects.filter(agency=person.agency, booking_number=data.get("booking_number")).exists():
        raise ValidationError({"booking_number": "This booking number is already used in your agency."})
    case = CustodyCase(
        agency=person.agency, person=person, created_by=acting_user, **allowed(data, CASE_FIELDS)
    )
    return create_audited(
        case, action=A.CASE_BOOK, acting_user=acting_user, agency=person.agency, details={"person": person.pk}
    )


@transaction.atomic
def case_update(*, case: CustodyCase, data: dict, acting_user) -> CustodyCase:
    case = CustodyCase.objects.select_for_update().get(pk=case.pk)
    case_states.check_open(case, "change the booking")
    if (
        "booking_number" in data
        and CustodyCase.objects.filter(agency=case.agency, booking_number=data["booking_number"])
        .exclude(pk=case.pk)
        .exists()
    ):
        raise ValidationError({"booking_number": "This booking number is already used in your agency."})
    changes = apply_changes(case, data, CASE_FIELDS)
    save_valid(case)
    audit_record(
        action=A.CASE_UPDATE,
        acting_user=acting_user,
        obj=case,
        details={"changes": changes, **history_link(case)},
    )
    if "releasable_at" in changes:
        reminders_for_releasable_change(case=case)
    if "facility" in changes:  # every figure counting the case's records moves to the new facility
        case_figures_changed(case)
    return case


def _close(case, *, status, at, reason, acting_user, transferred_to=""):
    case = CustodyCase.objects.select_for_update().get(pk=case.pk)
    case_states.check_open(case, "release or transfer")
    if at < case.booked_at:
        raise ValidationError({"at": "The release or transfer time must be after the booking time."})
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": "The release or transfer time cannot be in the future."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason."})
    case_states.close(
        case, status, at=at, reason=reason.strip(), acting_user=acting_user, transferred_to=transferred_to
    )
    return case


@transaction.atomic
def case_release(*, case: CustodyCase, at, reason: str, acting_user) -> CustodyCase:
    case = _close(case, status=CaseStatus.RELEASED, at=at, reason=reason, acting_user=acting_user)
    lapsed_ids = detainer_states.close_open_detainers(case, DetainerStatus.LAPSED)
    audit_record(
        action=A.CASE_RELEASE,
        acting_user=acting_user,
        obj=case,
        details={"at": at.isoformat(), "reason": reason, "detainers_lapsed": lapsed_ids},
    )
    reminders_cancel_for_case(case=case)
    return case


def case_transfer(
    *, case: CustodyCase, to_ice: bool, at, reason: str, destination: str, acting_user, staff_minutes=None
):
    """Close the booking by a transfer. A transfer to ICE gives ICE access and is refused
    (audited) unless a decision in force on an open detainer permits it (``cases.ice.gates``)."""
    if to_ice:
        case_states.check_open(case, "release or transfer")
        ice_services.transfer_check(case=case, acting_user=acting_user)
    return _transfer(
        case=case,
        to_ice=to_ice,
        at=at,
        reason=reason,
        destination=destination,
        staff_minutes=staff_minutes,
        acting_user=acting_user,
    )


@transaction.atomic
def _transfer(*, case, to_ice, at, reason, destination, staff_minutes, acting_user):
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
        ice_services.transfer_access(
            case=case, at=at, reason=reason.strip(), staff_minutes=staff_minutes, acting_user=acting_user
        )
        detainer_states.close_open_detainers(case, DetainerStatus.HONORED)
    audit_record(
        action=A.CASE_TRANSFER,
        acting_user=acting_user,
        obj=case,
        details={"at": at.isoformat(), "to": case.transferred_to, "reason": reason},
    )
    reminders_cancel_for_case(case=case)
    return case


# --- charges and convictions ----------------------------------------------------------


@transaction.atomic
def charge_add(*, case: CustodyCase, data: dict, acting_user) -> Charge:
    return create_audited(
        Charge(case=case, **allowed(data, CHARGE_FIELDS)),
        action=A.CHARGE_ADD,
        acting_user=acting_user,
        agency=case.agency,
        details={"case": case.pk},
    )


@transaction.atomic
def charge_update(*, charge: Charge, data: dict, acting_user) -> Charge:
    return update_audited(
        charge,
        data,
        fields=CHARGE_FIELDS,
        action=A.CHARGE_UPDATE,
        acting_user=acting_user,
        agency=charge.case.agency,
    )


@transaction.atomic
def conviction_add(*, person: Person, data: dict, acting_user) -> Conviction:
    return create_audited(
        Conviction(person=person, **allowed(data, CONVICTION_FIELDS)),
        action=A.CONVICTION_ADD,
        acting_user=acting_user,
        agency=person.agency,
        details={"person": person.pk},
    )


@transaction.atomic
def conviction_update(*, conviction: Conviction, data: dict, acting_user) -> Conviction:
    return update_audited(
        conviction,
        data,
        fields=CONVICTION_FIELDS,
        action=A.CONVICTION_UPDATE,
        acting_user=acting_user,
        agency=conviction.person.agency,
    )


@transaction.atomic
def conviction_verify(*, conviction: Conviction, acting_user) -> Conviction:
    conviction.verified_by, conviction.verified_at = acting_user, timezone.now()
    conviction.save(update_fields=["verified_by", "verified_at"])
    audit_record(
        action=A.CONVICTION_VERIFY, acting_user=acting_user, obj=conviction, agency=conviction.person.agency
    )
    return conviction


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
def intake_book(
    *,
    agency,
    person=None,
    person_data=None,
    case_data: dict,
    acting_user,
    candidates: Sequence[int] = (),
) -> CustodyCase:
    """Create the person (when new) and their booking, all or nothing.

    ``candidates`` are the likely matches the officer was shown (cases.custody.duplicates).
    Booking an existing ``person`` after seeing them records the choice "same person"; a new
    person is refused while a likely match exists that the officer was not shown, and
    booking them records the choice "a different person". Both choices are audited."""
    booking_times_validate(booked_at=case_data.get("booked_at"), releasable_at=case_data.get("releasable_at"))
    candidates = sorted({int(pk) for pk in candidates})
    if person is None:
        person = _intake_new_person(
            agency=agency, data=dict(person_data or {}), acting_user=acting_user, candidates=candidates
        )
    elif person.agency_id != agency.pk:
        raise ValidationError("This person is not recorded in your agency.")
    elif candidates:
        audit_record(
            action=A.PERSON_MATCH_SAME,
            acting_user=acting_user,
            obj=person,
            agency=agency,
            details={"candidates": candidates, "chosen": person.pk},
        )
    return case_book(person=person, data=case_data, acting_user=acting_user)


def _intake_new_person(*, agency, data: dict, acting_user, candidates: list[int]) -> Person:
    from cases.custody.duplicates import likely_matches
    from cases.custody.selectors import person_by_a_number

    if person_by_a_number(agency, data.get("a_number", "")):
        raise ValidationError(
            {"a_number": "A person with this A-number is already recorded in your agency. Book that person."}
        )
    unseen = [p for p in likely_matches(agency, data) if p.pk not in candidates]
    if unseen:
        names = "; ".join(str(p) for p in unseen)
        raise ValidationError(f"This may be someone already recorded ({names}). Choose before booking.")
    person = person_create(agency=agency, data=data, acting_user=acting_user)
    if candidates:
        audit_record(
            action=A.PERSON_MATCH_DIFFERENT,
            acting_user=acting_user,
            obj=person,
            agency=agency,
            details={"candidates": candidates},
        )
    return person
