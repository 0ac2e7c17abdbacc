"""Charges on a booking and the person's prior convictions: add, edit, verify."""

import pytest

from cases.models import Charge, ChargeStatus, Conviction
from tests.factories import ChargeFactory, ConvictionFactory, CustodyCaseFactory, PersonFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency):
    return CustodyCaseFactory(person=PersonFactory(agency=agency))


@pytest.fixture
def desk(client, sign_in, desk_officer):
    sign_in(desk_officer)
    return client


def _charge(**overrides) -> dict:
    data = {
        "statute": "53a-60",
        "subdivision": "",
        "description": "Assault 2",
        "status": "pending",
        "bond_amount": "",
        "bond_posted": "",
    }
    return {**data, **overrides}


def _conviction(**overrides) -> dict:
    data = {
        "statute": "53a-55",
        "subdivision": "",
        "description": "Manslaughter 1",
        "victim_age": "",
        "convicted_on": "2015-03-04",
        "jurisdiction": "CT",
        "felony_class_override": "",
        "override_reason": "",
        "source": "criminal_history",
        "source_detail": "",
    }
    return {**data, **overrides}


# --- charges -------------------------------------------------------------------------------


def test_it_adds_a_charge_in_the_officers_own_notation(desk, case):
    data = _charge(statute="§ 53A-60", subdivision="(a)(1)", bond_amount="2500", bond_posted="on")
    response = desk.post(f"/cases/{case.pk}/charges/add/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    charge = Charge.objects.get()
    assert (charge.case, charge.statute, charge.subdivision, charge.bond_posted) == (
        case,
        "53a-60",
        "a1",
        True,
    )
    details = AuditEvent.objects.get(action="charge.add").details
    assert details["case"] == case.pk
    assert charge.history.filter(
        history_id=details["history_id"]
    ).exists()  # the audit row links the history row


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"statute": "assault"}, "Enter a Connecticut statute like 53a-55"),
        ({"subdivision": "(a)-(1)"}, "Enter a subdivision like a1"),
        ({"bond_amount": "-5"}, "The bond amount cannot be negative."),
        ({"bond_amount": "lots"}, "Enter a number."),
        ({"statute": "5" * 500}, "at most 30 characters"),
        ({"statute": "5" * 25}, "Enter a Connecticut statute"),
        ({"status": "escaped"}, "Select a valid choice."),
    ],
)
def test_it_refuses_bad_charges_in_plain_words(desk, case, data, message):
    response = desk.post(f"/cases/{case.pk}/charges/add/", _charge(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Charge.objects.exists()


def test_it_edits_a_charge(desk, case):
    charge = ChargeFactory(case=case)
    response = desk.post(f"/cases/charges/{charge.pk}/edit/", _charge(status="dismissed"))
    assert response.status_code == 302
    charge.refresh_from_db()
    assert charge.status == ChargeStatus.DISMISSED
    event = AuditEvent.objects.get(action="charge.update")
    assert event.details["changes"]["status"] == ["pending", "dismissed"]


# --- convictions ---------------------------------------------------------------------------


def test_it_adds_a_conviction_for_the_cases_person(desk, case):
    response = desk.post(
        f"/cases/{case.pk}/convictions/add/", _conviction(statute="53a-70", subdivision="a1", victim_age="15")
    )
    assert response.status_code == 302
    conviction = Conviction.objects.get()
    assert (conviction.person, conviction.victim_age) == (case.person, 15)
    assert AuditEvent.objects.filter(action="conviction.add").exists()
    assert "Class A (catalogue, high confidence)" in desk.get(f"/cases/{case.pk}/").content.decode()


def test_the_form_says_the_hand_class_is_for_offenses_the_catalogue_lacks(desk, case):
    page = desk.get(f"/cases/{case.pk}/convictions/add/").content.decode()
    assert "Only for offenses the catalogue lacks" in page
    assert "Enter a class by hand only for an offense the catalogue lacks" in page


def test_a_hand_entered_class_needs_a_reason(desk, case):
    response = desk.post(f"/cases/{case.pk}/convictions/add/", _conviction(felony_class_override="C"))
    assert response.status_code == 200
    assert "Give the reason when you enter the class by hand." in response.content.decode()
    assert not Conviction.objects.exists()


def test_a_hand_entered_class_with_its_reason_is_shown(desk, case):
    data = _conviction(
        statute="53a-999", felony_class_override="C", override_reason="NY PL 120.05 certified copy"
    )
    assert desk.post(f"/cases/{case.pk}/convictions/add/", data).status_code == 302
    page = desk.get(f"/cases/{case.pk}/").content.decode()
    assert "Class C (entered by hand)" in page
    assert "NY PL 120.05 certified copy" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"convicted_on": "2999-01-01"}, "The conviction date cannot be in the future."),
        ({"convicted_on": "01/02/03/04"}, "Enter a date"),
        ({"victim_age": "130"}, "less than or equal to 120"),
        ({"victim_age": "-3"}, "greater than or equal to 0"),
        ({"jurisdiction": "mars"}, "Select a valid choice."),
        ({"felony_class_override": "Z", "override_reason": "x"}, "Select a valid choice."),
    ],
)
def test_it_refuses_bad_convictions_in_plain_words(desk, case, data, message):
    response = desk.post(f"/cases/{case.pk}/convictions/add/", _conviction(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Conviction.objects.exists()


def test_it_edits_a_conviction_and_returns_to_the_page_it_came_from(desk, case):
    conviction = ConvictionFactory(person=case.person)
    url = f"/cases/convictions/{conviction.pk}/edit/?next=/cases/{case.pk}/"
    response = desk.post(url, _conviction(victim_age="12"))
    assert response["Location"] == f"/cases/{case.pk}/"
    conviction.refresh_from_db()
    assert conviction.victim_age == 12
    assert AuditEvent.objects.filter(action="conviction.update").exists()


def test_it_never_returns_to_another_site(desk, case):
    conviction = ConvictionFactory(person=case.person)
    url = f"/cases/convictions/{conviction.pk}/edit/?next=https://evil.example/"
    response = desk.post(url, _conviction())
    assert response["Location"] == f"/cases/people/{case.person.pk}/"


def test_it_records_who_verified_a_conviction(desk, case, desk_officer):
    conviction = ConvictionFactory(person=case.person)
    assert desk.get(f"/cases/convictions/{conviction.pk}/verify/").status_code == 405
    response = desk.post(f"/cases/convictions/{conviction.pk}/verify/", {"next": f"/cases/{case.pk}/"})
    assert response["Location"] == f"/cases/{case.pk}/"
    conviction.refresh_from_db()
    assert conviction.verified_by == desk_officer
    assert conviction.verified_at is not None
    assert AuditEvent.objects.filter(action="conviction.verify").exists()


# --- roles and agencies ------------------------------------------------------------------


def _write_requests(case):
    charge = ChargeFactory(case=case)
    conviction = ConvictionFactory(person=case.person)
    return [
        (f"/cases/{case.pk}/charges/add/", _charge()),
        (f"/cases/charges/{charge.pk}/edit/", _charge(status="dismissed")),
        (f"/cases/{case.pk}/convictions/add/", _conviction()),
        (f"/cases/convictions/{conviction.pk}/edit/", _conviction(victim_age="9")),
        (f"/cases/convictions/{conviction.pk}/verify/", {}),
    ]


def _unchanged(case):
    assert Charge.objects.count() == 1
    assert Conviction.objects.count() == 1
    assert Charge.objects.get().status == ChargeStatus.PENDING
    assert Conviction.objects.get().verified_at is None


@pytest.mark.parametrize("persona", ["trainer", "auditor", "agency_admin"])
def test_only_case_editors_may_change_charges_and_convictions(client, sign_in, request, persona, case):
    requests = _write_requests(case)
    sign_in(request.getfixturevalue(persona))
    for url, data in requests:
        assert client.post(url, data).status_code == 403, url
        if not url.endswith("/verify/"):
            assert client.get(url).status_code == 403, url
    _unchanged(case)


def test_another_agency_gets_404(client, sign_in, other_officer, case):
    requests = _write_requests(case)
    sign_in(other_officer)
    for url, data in requests:
        assert client.post(url, data).status_code == 404, url
    _unchanged(case)


@pytest.mark.parametrize(
    "url",
    ["/cases/charges/0/edit/", "/cases/convictions/99999999999999999999/edit/", "/cases/0/charges/add/"],
)
def test_missing_records_are_404(desk, url):
    assert desk.get(url).status_code == 404


GARBAGE = [
    "x" * 20000,
    "\x00",
    "2026-02-30",
    "-1",
    "1e309",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "٣٤٥",
]
FIELDS = [
    "statute",
    "subdivision",
    "description",
    "status",
    "bond_amount",
    "victim_age",
    "convicted_on",
    "jurisdiction",
    "felony_class_override",
    "override_reason",
    "last_name",
    "date_of_birth",
    "a_number",
    "booking_number",
    "booked_at",
    "releasable_at",
    "facility",
    "at",
    "reason",
    "to",
    "destination",
]


@pytest.mark.parametrize("value", GARBAGE)
def test_garbage_in_any_field_never_fails(desk, case, value):
    charge = ChargeFactory(case=case)
    conviction = ConvictionFactory(person=case.person)
    urls = [
        f"/cases/{case.pk}/charges/add/",
        f"/cases/charges/{charge.pk}/edit/",
        f"/cases/{case.pk}/convictions/add/",
        f"/cases/convictions/{conviction.pk}/edit/",
        f"/cases/{case.pk}/edit/",
        f"/cases/people/{case.person.pk}/edit/",
        "/cases/intake/",
        f"/cases/{case.pk}/release/",
        f"/cases/{case.pk}/transfer/",
    ]
    for url in urls:
        response = desk.post(url, dict.fromkeys(FIELDS, value))
        assert response.status_code == 200, url
    assert desk.get("/cases/", {"q": value, "o": value, "page": value, "status": value}).status_code == 200
    assert desk.get("/cases/intake/", {"q": value}).status_code == 200
