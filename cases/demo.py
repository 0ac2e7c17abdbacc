"""Sample custody cases for the demo (called by ``manage.py seed_demo``; idempotent).

Each case shows one path through the Trust Act: a class B conviction (hold permitted), a
pending charge only (prohibited), a 2025 candidate offense (needs legal review), a
judicial warrant (permitted), a booking with no detainer, and a released person. Everything
goes through the services, so the audit trail and the reminders are real too.
"""

import datetime as dt

from django.utils import timezone

from cases.custody import services
from cases.detainers import services as detainer_services
from cases.models import CustodyCase, DocumentKind, Jurisdiction, ReleasableReason, Sex
from trustportal.accounts.models import User

ADMIN_WARRANT = {
    "kind": DocumentKind.ADMINISTRATIVE_WARRANT,
    "form": "I-205",
    "signed_by": "Supervisory Detention and Deportation Officer",
}

SAMPLES = [
    {
        "booking": "D-1001",
        "person": ("Lopez", "Maria", dt.date(1988, 2, 14), Sex.FEMALE, "Mexico", "A201555301"),
        "booked_hours_ago": 10,
        "releasable_in_hours": 3,
        "reason": ReleasableReason.BOND_POSTED,
        "convictions": [
            {
                "statute": "53a-55",
                "description": "Manslaughter in the first degree",
                "convicted_on": dt.date(2012, 9, 3),
            }
        ],
        "charges": [{"statute": "53a-125b", "description": "Larceny in the sixth degree"}],
        "detainer": [ADMIN_WARRANT],
    },
    {
        "booking": "D-1002",
        "person": ("Baptiste", "Andre", dt.date(1995, 7, 1), Sex.MALE, "Haiti", "A201555302"),
        "booked_hours_ago": 6,
        "releasable_in_hours": 5,
        "reason": ReleasableReason.COURT_ORDER,
        "convictions": [],
        "charges": [
            {"statute": "53a-70", "subdivision": "a2", "description": "Sexual assault in the first degree"}
        ],
        "detainer": [
            {"kind": DocumentKind.ADMINISTRATIVE_WARRANT, "form": "I-200", "signed_by": "Immigration officer"}
        ],
    },
    {
        "booking": "D-1003",
        "person": ("Chen", "Wei", dt.date(1979, 11, 23), Sex.MALE, "China", "A201555303"),
        "booked_hours_ago": 20,
        "releasable_in_hours": 2,
        "reason": ReleasableReason.SENTENCE_SERVED,
        "convictions": [
            {
                "statute": "53a-71",
                "description": "Sexual assault in the second degree",
                "victim_age": 17,
                "convicted_on": dt.date(2019, 5, 10),
            }
        ],
        "charges": [],
        "detainer": [ADMIN_WARRANT],
    },
    {
        "booking": "D-1004",
        "person": ("Kovalenko", "Oksana", dt.date(1990, 4, 30), Sex.FEMALE, "Ukraine", "A201555304"),
        "booked_hours_ago": 4,
        "releasable_in_hours": None,
        "reason": "",
        "convictions": [
            {
                "statute": "53a-60",
                "description": "Assault in the second degree",
                "jurisdiction": Jurisdiction.OTHER_STATE,
                "convicted_on": dt.date(2016, 1, 8),
            }
        ],
        "charges": [{"statute": "53a-181", "description": "Breach of peace in the second degree"}],
        "detainer": [
            {
                "kind": DocumentKind.JUDICIAL_WARRANT,
                "form": "Warrant for arrest",
                "signed_by": "United States Magistrate Judge",
                "court": "U.S. District Court, D. Conn.",
            }
        ],
    },
    {
        "booking": "D-1005",
        "person": ("Ortega", "Luis", dt.date(2001, 8, 19), Sex.MALE, "Guatemala", ""),
        "booked_hours_ago": 3,
        "releasable_in_hours": 20,
        "reason": ReleasableReason.BOND_POSTED,
        "convictions": [],
        "charges": [{"statute": "14-227a", "description": "Operating under the influence"}],
        "detainer": None,
    },
    {
        "booking": "D-1006",
        "person": ("Osei", "Samuel", dt.date(1984, 3, 2), Sex.MALE, "Ghana", "A201555306"),
        "booked_hours_ago": 30,
        "releasable_in_hours": None,
        "reason": "",
        "convictions": [],
        "charges": [{"statute": "53a-61", "description": "Assault in the third degree"}],
        "detainer": None,
        "released": True,
    },
]


def seed_demo_cases(*, agency, stdout=None) -> int:
    officer = User.objects.filter(agency=agency, groups__name="Desk officer").first()
    created = 0
    for sample in SAMPLES:
        if CustodyCase.objects.filter(agency=agency, booking_number=sample["booking"]).exists():
            continue
        _seed_one(agency, officer, sample)
        created += 1
    if stdout is not None:
        stdout.write(f"Sample cases: {created} created, {len(SAMPLES) - created} already there.")
    return created


def _seed_one(agency, officer, sample):
    now = timezone.now()
    last, first, dob, sex, citizenship, a_number = sample["person"]
    person = services.person_create(
        agency=agency,
        acting_user=officer,
        data={
            "last_name": last,
            "first_name": first,
            "date_of_birth": dob,
            "sex": sex,
            "citizenship": citizenship,
            "a_number": a_number,
        },
    )
    hours = sample["releasable_in_hours"]
    case = services.case_book(
        person=person,
        acting_user=officer,
        data={
            "booking_number": sample["booking"],
            "booked_at": now - dt.timedelta(hours=sample["booked_hours_ago"]),
            "facility": "Central lock-up",
            "arresting_officer": "Ofc. Rivera",
            "releasable_at": now + dt.timedelta(hours=hours) if hours is not None else None,
            "releasable_reason": sample["reason"],
        },
    )
    for conviction in sample["convictions"]:
        services.conviction_add(person=person, acting_user=officer, data=conviction)
    for charge in sample["charges"]:
        services.charge_add(case=case, acting_user=officer, data=charge)
    if sample["detainer"] is not None:
        detainer_services.detainer_log(
            case=case,
            acting_user=officer,
            documents=sample["detainer"],
            data={
                "received_at": now - dt.timedelta(hours=1),
                "issued_on": timezone.localdate(),
                "issuing_office": "ERO Hartford",
                "file_number": a_number,
                "pc_final_order": True,
                "served_at": now - dt.timedelta(minutes=45),
            },
        )
    if sample.get("released"):
        services.case_release(
            case=case, at=now - dt.timedelta(hours=2), reason="Bond posted; no detainer.", acting_user=officer
        )
